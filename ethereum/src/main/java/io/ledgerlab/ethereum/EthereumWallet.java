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
 * Signs the run's transfers, of ether or of the lab's ERC-20 token, EIP-1559 or legacy, over the
 * shared nonce bookkeeping ({@link NonceWallet}). An account also re-reads its nonce from the
 * node's pending count when its node failed a call since the last read: a restarted dev node has
 * dropped its pool, and nonces handed out before would leave a gap that queues every later
 * transaction of the account forever.
 */
final class EthereumWallet extends NonceWallet<Op.Transfer> {
  /** A plain transfer's gas. */
  static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  /** Far above a dev node's base fee (1 gwei at genesis, falling when blocks are not full). */
  static final BigInteger MAX_FEE = BigInteger.valueOf(100_000_000_000L);

  static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

  /** An ERC-20 transfer's gas: about 35,000, 52,000 to an account that held none; with room. */
  static final BigInteger TOKEN_TRANSFER_GAS = BigInteger.valueOf(100_000);

  private final Accounts accounts;
  private final long chainId;
  private final Settings settings;
  private final Token token;

  EthereumWallet(Accounts accounts, long chainId, Settings settings, Token token, Cluster cluster) {
    super(accounts.size(), cluster, true);
    this.accounts = accounts;
    this.chainId = chainId;
    this.settings = settings;
    this.token = token;
  }

  @Override
  protected Op.Transfer payload(Op.Tx op) {
    return transfer(op);
  }

  @Override
  protected SignedTx sign(int account, long nonce, Op.Transfer op) {
    return signed(account, nonce, op);
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

  private static Op.Transfer transfer(Op.Tx op) {
    if (op instanceof Op.Transfer t) {
      return t;
    }
    throw new IllegalArgumentException(
        "the ethereum target carries transfers only, not " + op.getClass().getSimpleName());
  }
}
