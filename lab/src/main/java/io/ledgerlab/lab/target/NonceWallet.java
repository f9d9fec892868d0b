package io.ledgerlab.lab.target;

/**
 * The nonce bookkeeping every account-based chain's wallet needs, written once: each account's next
 * nonce and the node that serves it, so that its transactions arrive in order; drafts numbered
 * ahead and signed later; and a fresh read of the nonce from the node after a rejection, a loss or
 * a move to another node. A target supplies only how to turn an operation into its payload, how to
 * sign, and how to read an account's next nonce. Thread-safe.
 *
 * @param <P> the chain's own payload of an operation, built outside the account's lock
 */
public abstract class NonceWallet<P> implements Wallet {
  private record Draft<P>(
      int account, long nonce, P payload, int epoch, int node, int downs, Op.Tx op)
      implements Wallet.Draft {}

  private final Cluster cluster;
  private final boolean rereadAfterNodeFailure;
  private final Object[] locks;
  private final long[] nonces;
  private final int[] nodes;
  private final boolean[] stale;
  private final int[] epochs;

  /** The node's {@link Cluster#downs} when the account's nonce was last read there. */
  private final int[] downsSeen;

  /**
   * @param rereadAfterNodeFailure whether an account re-reads its nonce once its node failed a
   *     call: a node that restarts and forgets its pool (an Ethereum dev node) would otherwise be
   *     fed nonces past a gap that queue forever
   */
  protected NonceWallet(int accounts, Cluster cluster, boolean rereadAfterNodeFailure) {
    this.cluster = cluster;
    this.rereadAfterNodeFailure = rereadAfterNodeFailure;
    this.locks = new Object[accounts];
    this.nonces = new long[accounts];
    this.nodes = new int[accounts];
    this.stale = new boolean[accounts];
    this.epochs = new int[accounts];
    this.downsSeen = new int[accounts];
    for (int i = 0; i < accounts; i++) {
      locks[i] = new Object();
      nodes[i] = i % cluster.size();
      stale[i] = true;
    }
  }

  /** The chain's payload of {@code op}; throws naming an operation the chain cannot carry out. */
  protected abstract P payload(Op.Tx op);

  protected abstract SignedTx sign(int account, long nonce, P payload);

  /** The account's next nonce as {@code node} counts it, its pending transactions included. */
  protected abstract long nextNonce(ChainClient node, int account) throws ClientException;

  @Override
  public final Signed sign(Op.Tx op) {
    int account = op.sender();
    P payload = payload(op);
    synchronized (locks[account]) {
      int node = cluster.route(nodes[account]);
      if (node != nodes[account]) {
        nodes[account] = node;
        stale[account] = true;
      }
      refreshIfStale(account);
      return new Signed(sign(account, nonces[account]++, payload), node);
    }
  }

  @Override
  public final Wallet.Draft draft(Op.Tx op) {
    int account = op.sender();
    P payload = payload(op);
    synchronized (locks[account]) {
      refreshIfStale(account);
      return new Draft<>(
          account,
          nonces[account]++,
          payload,
          epochs[account],
          nodes[account],
          downsSeen[account],
          op);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public final SignedTx sign(Wallet.Draft draft) {
    Draft<P> d = (Draft<P>) draft;
    return sign(d.account(), d.nonce(), d.payload());
  }

  @Override
  public final Signed current(Wallet.Draft draft, SignedTx presigned) {
    Draft<?> d = (Draft<?>) draft;
    synchronized (locks[d.account()]) {
      if (epochs[d.account()] == d.epoch()
          && cluster.route(d.node()) == d.node()
          && (!rereadAfterNodeFailure || cluster.downs(d.node()) == d.downs())) {
        return new Signed(presigned, d.node());
      }
    }
    return sign(d.op());
  }

  @Override
  public final void resync(int account) {
    synchronized (locks[account]) {
      stale[account] = true;
      epochs[account]++;
    }
  }

  private void refreshIfStale(int account) {
    int downs = cluster.downs(nodes[account]);
    boolean nodeFailed = rereadAfterNodeFailure && downs != downsSeen[account];
    if (!stale[account] && !nodeFailed) {
      return;
    }
    try {
      nonces[account] = nextNonce(cluster.client(nodes[account]), account);
      stale[account] = false;
      downsSeen[account] = downs;
    } catch (ClientException e) {
      cluster.markDown(nodes[account]);
      // Keep the local guess; the node's answer to the transaction will tell.
    }
  }
}
