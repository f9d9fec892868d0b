package io.ledgerlab.ethereum;

import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.NonceWallet;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import java.math.BigInteger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Signs the run's transfers, of ether or of the lab's ERC-20 token, and its key-value updates and
 * deletes as calls to the lab's store contract, EIP-1559 or legacy, over the shared nonce
 * bookkeeping ({@link NonceWallet}). An account also re-reads its nonce from the node's pending
 * count when its node failed a call since the last read: a restarted dev node has dropped its pool,
 * and nonces handed out before would leave a gap that queues every later transaction of the account
 * forever.
 */
final class EthereumWallet extends NonceWallet<Op.Tx> {
  /** A plain transfer's gas. */
  static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  /** Far above a dev node's base fee (1 gwei at genesis, falling when blocks are not full). */
  static final BigInteger MAX_FEE = BigInteger.valueOf(100_000_000_000L);

  static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

  /** A store's remove: a refund-earning storage clear and an event; with room. */
  static final BigInteger STORE_REMOVE_GAS = BigInteger.valueOf(80_000);

  /** An ERC-20 transfer's gas: about 35,000, 52,000 to an account that held none; with room. */
  static final BigInteger TOKEN_TRANSFER_GAS = BigInteger.valueOf(100_000);

  private final Accounts accounts;
  private final long chainId;
  private final Settings settings;
  private final Token token;
  private final Store store;

  EthereumWallet(
      Accounts accounts,
      long chainId,
      Settings settings,
      Token token,
      Store store,
      Cluster cluster) {
    super(accounts.size(), cluster, true);
    this.accounts = accounts;
    this.chainId = chainId;
    this.settings = settings;
    this.token = token;
    this.store = store;
  }

  @Override
  protected Op.Tx payload(Op.Tx op) {
    return op;
  }

  @Override
  protected SignedTx sign(int account, long nonce, Op.Tx op) {
    if (op instanceof Op.Transfer t) {
      return signed(account, nonce, t);
    }
    if (op instanceof Op.Approve a) {
      return approval(account, nonce, a);
    }
    if (op instanceof Op.Put p) {
      return call(account, nonce, Store.put(p.key(), p.value()), storeGas(p.value()));
    }
    if (op instanceof Op.Delete d) {
      return call(account, nonce, Store.remove(d.key()), STORE_REMOVE_GAS);
    }
    throw new IllegalArgumentException(
        "the ethereum target cannot carry out " + op.getClass().getSimpleName());
  }

  /** An ERC-20 approval of the lab's token: needs {@code targetOptions.transfers: erc20}. */
  private EthTx approval(int account, long nonce, Op.Approve op) {
    if (!settings.erc20()) {
      throw new IllegalArgumentException(
          "targetOptions.transfers: approvals are of the lab's ERC-20 token, which is deployed"
              + " with transfers: erc20 only");
    }
    String data = Token.approve(accounts.address(op.spender()), BigInteger.valueOf(op.amount()));
    return sign(
        account,
        raw(BigInteger.valueOf(nonce), TOKEN_TRANSFER_GAS, token.address(), BigInteger.ZERO, data));
  }

  /** A call to the store: its 32-byte slots cost a storage write each, with room. */
  static BigInteger storeGas(byte[] value) {
    long slots = (value.length + 31) / 32 + 1;
    return BigInteger.valueOf(60_000 + 25_000 * slots + 16L * value.length);
  }

  private EthTx call(int account, long nonce, String data, BigInteger gas) {
    return sign(
        account, raw(BigInteger.valueOf(nonce), gas, store.address(), BigInteger.ZERO, data));
  }

  @Override
  protected long nextNonce(ChainClient node, int account) throws ClientException {
    return ((EthereumClient) node).nextNonce(accounts.address(account));
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
}
