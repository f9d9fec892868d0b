package io.ledgerlab.lab.load;

import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;

/**
 * The funded accounts a load signs with: each one's next nonce and the node that serves it. An
 * account whose transaction was rejected or lost re-reads its next nonce before it signs again.
 */
final class Accounts {
  /** A signed transaction and the node to send it to. */
  record Signed(Transaction tx, int node) {}

  /**
   * A transaction numbered ahead of time: its nonce is taken, its signature made later (in
   * parallel), and it is still good when sent if its account was not re-synchronised meanwhile.
   */
  record Draft(int account, long nonce, Payload payload, int epoch, int node) {}

  private final List<KeyPair> keys;
  private final String chainId;
  private final Cluster cluster;
  private final long[] nonces;
  private final int[] nodes;
  private final boolean[] stale;
  private final int[] epochs;

  Accounts(List<KeyPair> keys, String chainId, Cluster cluster) {
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

  Signed sign(int account, Payload payload) {
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
      return new Signed(Transaction.sign(chainId, keys.get(account), nonce, payload), node);
    }
  }

  void resync(int account) {
    synchronized (lock(account)) {
      stale[account] = true;
      epochs[account]++;
    }
  }

  /** Takes the account's next nonce for a transaction to be signed later. */
  Draft draft(int account, Payload payload) {
    synchronized (lock(account)) {
      if (stale[account]) {
        refresh(account);
      }
      return new Draft(account, nonces[account]++, payload, epochs[account], nodes[account]);
    }
  }

  Transaction signDraft(Draft d) {
    return Transaction.sign(chainId, keys.get(d.account()), d.nonce(), d.payload());
  }

  /** The draft's transaction if it is still good; else the payload signed afresh. */
  Signed current(Draft d, Transaction tx) {
    synchronized (lock(d.account())) {
      if (epochs[d.account()] == d.epoch() && cluster.route(d.node()) == d.node()) {
        return new Signed(tx, d.node());
      }
    }
    return sign(d.account(), d.payload());
  }

  private void refresh(int account) {
    try {
      nonces[account] =
          cluster.client(nodes[account]).account(keys.get(account).address()).nextNonce();
      stale[account] = false;
    } catch (RpcException e) {
      cluster.markDown(nodes[account]);
      // Keep the local guess; the node's answer to the transaction will tell.
    }
  }

  private Object lock(int account) {
    return keys.get(account);
  }
}
