package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Wallet;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;

/**
 * The funded accounts a load signs with: each one's next nonce and the node that serves it. An
 * account whose transaction was rejected or lost re-reads its next nonce before it signs again.
 */
final class ReferenceWallet implements Wallet {
  private record Draft(int account, long nonce, Payload payload, int epoch, int node, Op.Tx op)
      implements Wallet.Draft {}

  private final List<KeyPair> keys;
  private final String chainId;
  private final Cluster cluster;
  private final long[] nonces;
  private final int[] nodes;
  private final boolean[] stale;
  private final int[] epochs;

  ReferenceWallet(List<KeyPair> keys, String chainId, Cluster cluster) {
    this.keys = List.copyOf(keys);
    this.chainId = chainId;
    this.cluster = cluster;
    this.nonces = new long[keys.size()];
    this.nodes = new int[keys.size()];
    this.stale = new boolean[keys.size()];
    this.epochs = new int[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      nodes[i] = i % cluster.size();
      stale[i] = true;
    }
  }

  @Override
  public Signed sign(Op.Tx op) {
    int account = op.sender();
    Payload payload = Payloads.of(op, keys);
    synchronized (lock(account)) {
      int node = cluster.route(nodes[account]);
      if (node != nodes[account]) {
        nodes[account] = node;
        stale[account] = true;
      }
      if (stale[account]) {
        refresh(account);
      }
      long nonce = nonces[account]++;
      return new Signed(
          ReferenceTx.of(Transaction.sign(chainId, keys.get(account), nonce, payload)), node);
    }
  }

  @Override
  public void resync(int account) {
    synchronized (lock(account)) {
      stale[account] = true;
      epochs[account]++;
    }
  }

  @Override
  public Wallet.Draft draft(Op.Tx op) {
    int account = op.sender();
    Payload payload = Payloads.of(op, keys);
    synchronized (lock(account)) {
      if (stale[account]) {
        refresh(account);
      }
      return new Draft(account, nonces[account]++, payload, epochs[account], nodes[account], op);
    }
  }

  @Override
  public SignedTx sign(Wallet.Draft draft) {
    Draft d = (Draft) draft;
    return ReferenceTx.of(Transaction.sign(chainId, keys.get(d.account()), d.nonce(), d.payload()));
  }

  @Override
  public Signed current(Wallet.Draft draft, SignedTx presigned) {
    Draft d = (Draft) draft;
    synchronized (lock(d.account())) {
      if (epochs[d.account()] == d.epoch() && cluster.route(d.node()) == d.node()) {
        return new Signed(presigned, d.node());
      }
    }
    return sign(d.op());
  }

  private void refresh(int account) {
    try {
      nonces[account] =
          ((ReferenceClient) cluster.client(nodes[account])).nextNonce(keys.get(account).address());
      stale[account] = false;
    } catch (ClientException e) {
      cluster.markDown(nodes[account]);
      // Keep the local guess; the node's answer to the transaction will tell.
    }
  }

  private Object lock(int account) {
    return keys.get(account);
  }
}
