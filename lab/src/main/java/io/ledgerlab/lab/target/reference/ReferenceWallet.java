package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.NonceWallet;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;

/**
 * The funded accounts a load signs with, as reference-chain transactions. An account whose
 * transaction was rejected or lost re-reads its next nonce before it signs again.
 */
final class ReferenceWallet extends NonceWallet<Payload> {
  private final List<KeyPair> keys;
  private final String chainId;

  ReferenceWallet(List<KeyPair> keys, String chainId, Cluster cluster) {
    super(keys.size(), cluster, false);
    this.keys = List.copyOf(keys);
    this.chainId = chainId;
  }

  @Override
  protected Payload payload(Op.Tx op) {
    return Payloads.of(op, keys);
  }

  @Override
  protected SignedTx sign(int account, long nonce, Payload payload) {
    return ReferenceTx.of(Transaction.sign(chainId, keys.get(account), nonce, payload));
  }

  @Override
  protected long nextNonce(ChainClient node, int account) throws ClientException {
    return ((ReferenceClient) node).nextNonce(keys.get(account).address());
  }
}
