package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Governance;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.gov.ProposalStatus;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;
import java.util.Optional;

/** The reference chain's M-of-N governance, signed with the operator keys the lab generated. */
final class ReferenceGovernance implements Governance {
  private final Genesis genesis;
  private final List<KeyPair> operators;

  ReferenceGovernance(Genesis genesis, List<KeyPair> operators) {
    this.genesis = genesis;
    this.operators = List.copyOf(operators);
  }

  @Override
  public int operators() {
    return operators.size();
  }

  @Override
  public int threshold() {
    return genesis.operators().threshold();
  }

  @Override
  public long proposalCount(ChainClient client) throws ClientException {
    return reference(client).proposalCount();
  }

  @Override
  public Optional<ProposalView> proposal(ChainClient client, long id) throws ClientException {
    return reference(client)
        .proposal(id)
        .map(
            s ->
                new ProposalView(
                    s.id(),
                    s.state(),
                    s.install().chainCode(),
                    s.install().version(),
                    s.install().activationHeight(),
                    s.approvers()));
  }

  @Override
  public SignedTx propose(
      ChainClient client, int operator, long id, Install install, long expiryHeight)
      throws ClientException {
    KeyPair key = key(operator);
    return sign(
        key,
        reference(client).nextNonce(key.address()),
        Payloads.propose(
            id,
            install.chainCode(),
            install.version(),
            install.sha256(),
            install.activationHeight(),
            expiryHeight));
  }

  @Override
  public SignedTx approve(
      ChainClient client, int operator, long id, Install expected, long expiryHeight)
      throws ClientException {
    ReferenceClient node = reference(client);
    ProposalStatus status =
        node.proposal(id)
            .orElseThrow(
                () ->
                    new ClientException(
                        client.node(), "no proposal " + id + " to approve yet", null));
    Hash meant =
        new io.ledgerlab.ledger.gov.Propose(
                id,
                new io.ledgerlab.ledger.gov.Install(
                    expected.chainCode(),
                    expected.version(),
                    expected.sha256(),
                    expected.activationHeight()),
                expiryHeight)
            .contentHash(genesis.chainId());
    if (!meant.hex().equals(status.contentHash())) {
      throw new ClientException(
          client.node(),
          "proposal "
              + id
              + " there is not the one to approve: it holds "
              + status.install()
              + " expiring at "
              + status.expiryHeight()
              + ", the operator means "
              + expected
              + " expiring at "
              + expiryHeight,
          null);
    }
    KeyPair key = key(operator);
    return sign(key, node.nextNonce(key.address()), Payloads.approve(id, meant));
  }

  private SignedTx sign(KeyPair key, long nonce, io.ledgerlab.ledger.tx.Payload payload) {
    return ReferenceTx.of(Transaction.sign(genesis.chainId(), key, nonce, payload));
  }

  private KeyPair key(int operator) {
    if (operator < 0 || operator >= operators.size()) {
      throw new IllegalArgumentException(
          "operator " + operator + " of " + operators.size() + " operators");
    }
    return operators.get(operator);
  }

  private static ReferenceClient reference(ChainClient client) {
    if (!(client instanceof ReferenceClient r)) {
      throw new IllegalArgumentException(
          "governance of the reference chain needs a reference client, got " + client);
    }
    return r;
  }
}
