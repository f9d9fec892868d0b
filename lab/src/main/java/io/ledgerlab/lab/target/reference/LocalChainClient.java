package io.ledgerlab.lab.target.reference;

import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.lab.client.NodeClient.CommittedReceipt;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Head;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.StateAudit;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.Supply;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.consensus.ConsensusNode;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.tx.TxCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A reference node in this JVM, called directly: the simulator's client. A call takes no virtual
 * time; a node that is down does not answer, and a paused one times out, as over RPC.
 */
public final class LocalChainClient implements ReferenceClient {
  /** How the client reaches its node: the node object while it runs, and why not otherwise. */
  public interface Access {
    /** The running node, or empty when it cannot answer. */
    Optional<ConsensusNode> node();

    /** Why the node cannot answer: "the node is down", "timed out: the node is paused". */
    String unavailable();
  }

  private final String name;
  private final Access access;
  private final ReferenceChain chain;

  LocalChainClient(String name, Access access, ReferenceChain chain) {
    this.name = name;
    this.access = access;
    this.chain = chain;
  }

  @Override
  public String node() {
    return name;
  }

  private ConsensusNode running() throws ClientException {
    return access.node().orElseThrow(() -> new ClientException(name, access.unavailable()));
  }

  @Override
  public List<Submitted> submit(List<SignedTx> txs) throws ClientException {
    ConsensusNode node = running();
    List<Submitted> out = new ArrayList<>(txs.size());
    for (SignedTx t : txs) {
      TxCheck check = node.submit(((ReferenceTx) t).tx());
      out.add(
          check.isOk()
              ? new Submitted(t.id(), true, null, null)
              : new Submitted(t.id(), false, check.reason().name(), check.detail()));
    }
    return out;
  }

  @Override
  public Head head() throws ClientException {
    Ledger ledger = running().ledger();
    return new Head(ledger.height(), ledger.head().blockHash().hex());
  }

  @Override
  public List<List<String>> blockTxIds(long from, int max) throws ClientException {
    Ledger ledger = running().ledger();
    List<List<String>> out = new ArrayList<>();
    for (long h = from; h < from + max && h <= ledger.height(); h++) {
      Optional<Block> b = ledger.block(h);
      if (b.isEmpty()) {
        break;
      }
      out.add(b.get().transactions().stream().map(tx -> tx.hash().hex()).toList());
    }
    return out;
  }

  @Override
  public boolean read(Op.Get get) throws ClientException {
    running().ledger().query(KvChainCode.NAME, "get", KvChainCode.keyArgs(get.key()));
    return true;
  }

  @Override
  public List<BlockView> readChain() throws ClientException {
    Ledger ledger = running().ledger();
    List<Block> blocks = new ArrayList<>();
    for (long h = 1; h <= ledger.height(); h++) {
      blocks.add(ledger.block(h).orElseThrow());
    }
    return Views.of(blocks, ledger.certificate(ledger.height()), chain.genesis());
  }

  @Override
  public StateAudit stateAudit() throws ClientException {
    Ledger ledger = running().ledger();
    return new StateAudit(
        ledger.height(),
        ledger.head().stateRoot().hex(),
        io.ledgerlab.ledger.state.StateAudit.recomputeRoot(ledger.state()).hex());
  }

  @Override
  public Supply supply() throws ClientException {
    Ledger ledger = running().ledger();
    long held = 0;
    List<String> negative = new ArrayList<>();
    for (Address a : chain.accountAddresses()) {
      long balance = ledger.account(a).balance();
      if (balance < 0) {
        negative.add(a.hex() + "=" + balance);
      }
      held += balance;
    }
    return new Supply(ledger.genesis().totalSupply(), held, negative);
  }

  @Override
  public long balance(Address account) throws ClientException {
    return running().ledger().account(account).balance();
  }

  @Override
  public Optional<CommittedReceipt> receipt(String txId) throws ClientException {
    Ledger ledger = running().ledger();
    return ledger
        .findTx(Hash.fromHex(txId))
        .map(at -> new CommittedReceipt(at.height(), ledger.receipts(at.height()).get(at.index())));
  }

  @Override
  public Outcome query(String chainCode, String method, byte[] args) throws ClientException {
    return running().ledger().query(chainCode, method, args);
  }

  @Override
  public Optional<io.ledgerlab.ledger.gov.ProposalStatus> proposal(long id) throws ClientException {
    return running().ledger().proposal(id);
  }

  @Override
  public long proposalCount() throws ClientException {
    return running().ledger().proposalCount();
  }

  @Override
  public Optional<Block> block(long height) throws ClientException {
    return running().ledger().block(height);
  }

  @Override
  public Optional<List<io.ledgerlab.ledger.block.Receipt>> receipts(long height)
      throws ClientException {
    Ledger ledger = running().ledger();
    return height <= ledger.height() ? Optional.of(ledger.receipts(height)) : Optional.empty();
  }

  @Override
  public long nextNonce(Address sender) throws ClientException {
    return running().nextNonce(sender);
  }
}
