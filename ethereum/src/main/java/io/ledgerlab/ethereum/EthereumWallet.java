package io.ledgerlab.ethereum;

import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Wallet;
import java.math.BigInteger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Signs EIP-1559 ether transfers with the run's accounts. Each account's nonce is kept here and
 * read again from the node (its pending count) after a rejection, a loss or a move to another node,
 * so a node that restarted and forgot is caught up with rather than fed gaps.
 */
final class EthereumWallet implements Wallet {
  /** A plain transfer's gas. */
  static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  /** Far above a dev node's base fee (1 gwei at genesis, falling when blocks are not full). */
  static final BigInteger MAX_FEE = BigInteger.valueOf(100_000_000_000L);

  static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

  private record Draft(int account, long nonce, int epoch, int node, int downs, Op.Transfer op)
      implements Wallet.Draft {}

  /** An ERC-20 transfer's gas: about 35,000, 52,000 to an account that held none; with room. */
  static final BigInteger TOKEN_TRANSFER_GAS = BigInteger.valueOf(100_000);

  private final Accounts accounts;
  private final long chainId;
  private final Settings settings;
  private final Token token;
  private final Cluster cluster;
  private final long[] nonces;
  private final int[] nodes;
  private final boolean[] stale;
  private final int[] epochs;

  /** The node's {@link Cluster#downs} when the account's nonce was last read there. */
  private final int[] downsSeen;

  EthereumWallet(Accounts accounts, long chainId, Settings settings, Token token, Cluster cluster) {
    this.accounts = accounts;
    this.chainId = chainId;
    this.settings = settings;
    this.token = token;
    this.cluster = cluster;
    int n = accounts.size();
    this.nonces = new long[n];
    this.nodes = new int[n];
    this.stale = new boolean[n];
    this.epochs = new int[n];
    this.downsSeen = new int[n];
    for (int i = 0; i < n; i++) {
      nodes[i] = i % cluster.size();
      stale[i] = true;
    }
  }

  @Override
  public Signed sign(Op.Tx op) {
    Op.Transfer t = transfer(op);
    int account = t.sender();
    synchronized (lock(account)) {
      int node = cluster.route(nodes[account]);
      if (node != nodes[account]) {
        nodes[account] = node;
        stale[account] = true;
      }
      refreshIfStale(account);
      return new Signed(signed(account, nonces[account]++, t), node);
    }
  }

  @Override
  public Wallet.Draft draft(Op.Tx op) {
    Op.Transfer t = transfer(op);
    int account = t.sender();
    synchronized (lock(account)) {
      refreshIfStale(account);
      return new Draft(
          account, nonces[account]++, epochs[account], nodes[account], downsSeen[account], t);
    }
  }

  @Override
  public SignedTx sign(Wallet.Draft draft) {
    Draft d = (Draft) draft;
    return signed(d.account(), d.nonce(), d.op());
  }

  @Override
  public Signed current(Wallet.Draft draft, SignedTx presigned) {
    Draft d = (Draft) draft;
    synchronized (lock(d.account())) {
      if (epochs[d.account()] == d.epoch()
          && cluster.route(d.node()) == d.node()
          && cluster.downs(d.node()) == d.downs()) {
        return new Signed(presigned, d.node());
      }
    }
    return sign(d.op());
  }

  @Override
  public void resync(int account) {
    synchronized (lock(account)) {
      stale[account] = true;
      epochs[account]++;
    }
  }

  /**
   * A transfer of {@code op.amount()} wei, or tokens of the run's ERC-20 contract, signed for this
   * chain id: EIP-1559 (type 2), or legacy (type 0, EIP-155) when the settings say so.
   */
  EthTx signed(int account, long nonce, Op.Transfer op) {
    String recipient = accounts.address(op.to());
    BigInteger amount = BigInteger.valueOf(op.amount());
    String to = settings.erc20() ? token.address() : recipient;
    BigInteger value = settings.erc20() ? BigInteger.ZERO : amount;
    String data = settings.erc20() ? Token.transfer(recipient, amount) : "";
    BigInteger gas = settings.erc20() ? TOKEN_TRANSFER_GAS : TRANSFER_GAS;
    return sign(account, raw(BigInteger.valueOf(nonce), gas, to, value, data));
  }

  /** A transaction of the settings' type; {@code to} empty creates a contract. */
  RawTransaction raw(BigInteger nonce, BigInteger gas, String to, BigInteger value, String data) {
    return settings.legacy()
        ? RawTransaction.createTransaction(nonce, MAX_FEE, gas, to, value, data)
        : RawTransaction.createTransaction(
            chainId, nonce, gas, to, value, data, PRIORITY_FEE, MAX_FEE);
  }

  EthTx sign(int account, RawTransaction raw) {
    byte[] bytes = TransactionEncoder.signMessage(raw, chainId, accounts.key(account));
    return new EthTx(Numeric.toHexString(Hash.sha3(bytes)), Numeric.toHexString(bytes));
  }

  private static Op.Transfer transfer(Op.Tx op) {
    if (op instanceof Op.Transfer t) {
      return t;
    }
    throw new IllegalArgumentException(
        "the ethereum target carries transfers only, not " + op.getClass().getSimpleName());
  }

  /**
   * Reads the account's nonce again when it was marked stale, or when its node failed a call since
   * the last read: a restarted node forgets its pool, and the nonces handed out for it would leave
   * a gap that queues every later transaction of the account forever.
   */
  private void refreshIfStale(int account) {
    int downs = cluster.downs(nodes[account]);
    if (!stale[account] && downs == downsSeen[account]) {
      return;
    }
    try {
      EthereumClient client = (EthereumClient) cluster.client(nodes[account]);
      nonces[account] = client.nextNonce(accounts.address(account));
      stale[account] = false;
      downsSeen[account] = downs;
    } catch (ClientException e) {
      cluster.markDown(nodes[account]);
      // Keep the local guess; the node's answer to the transaction will tell.
    }
  }

  private Object lock(int account) {
    return accounts.key(account);
  }
}
