package io.ledgerlab.lab.target;

/**
 * Signs a run's operations with its funded accounts: each account's next sequence number (nonce),
 * and the node that serves it, so that its transactions arrive in order. An account whose
 * transaction was rejected or lost re-reads its next nonce before it signs again. Thread-safe.
 */
public interface Wallet {
  /** A signed transaction and the node (an index into the cluster) to send it to. */
  record Signed(SignedTx tx, int node) {}

  /**
   * A transaction numbered ahead of time: its nonce is taken now, its signature made later (in
   * parallel, see {@link #sign(Draft)}).
   */
  interface Draft {
    int account();
  }

  /** Numbers and signs {@code op} now. */
  Signed sign(Op.Tx op);

  /** Takes the next nonce of {@code op}'s sender for a transaction signed later. */
  Draft draft(Op.Tx op);

  /** Signs a draft; safe to call from several threads at once. */
  SignedTx sign(Draft draft);

  /** The draft's transaction if it is still good when sent; else the operation signed afresh. */
  Signed current(Draft draft, SignedTx presigned);

  /** Forgets what the wallet believes of {@code account}'s nonce: a node will be asked again. */
  void resync(int account);
}
