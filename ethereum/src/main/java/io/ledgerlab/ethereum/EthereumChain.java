package io.ledgerlab.ethereum;

import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Wallet;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An Ethereum dev chain deployed for one network: its chain id and funded accounts. */
final class EthereumChain implements Chain {
  private static final BigInteger WEI_PER_ETHER = BigInteger.TEN.pow(18);

  private final Target target;
  private final Network network;
  private final String mnemonic;

  /** The accounts the node funds from the mnemonic. */
  private final Accounts funded;

  /** The accounts the load uses: the funded ones, or a keystore's that the funded ones pay. */
  private final Accounts accounts;

  private final boolean keystore;
  private final long chainId;
  private final Settings settings;
  private final Token token = new Token();
  private final Store store = new Store();

  /** Under a dev node's default block gas limit (30 million). */
  private static final long MAX_GAS = 29_000_000L;

  private static final int PAY_BATCH = 200;

  /** The store's creation: about 300,000 gas. */
  private static final long STORE_GAS = 600_000L;

  /** How long a deployment may take to be mined. */
  private static final long DEPLOY_TIMEOUT_MILLIS = 30_000;

  /**
   * @param keystore the accounts of a keystore, each paid its balance by the funded account of the
   *     same index in {@link #ready}; null to use the funded accounts themselves
   */
  EthereumChain(
      Target target, Network network, String mnemonic, Accounts funded, Accounts keystore) {
    this.target = target;
    this.network = network;
    this.mnemonic = mnemonic;
    this.funded = funded;
    this.accounts = keystore == null ? funded : keystore;
    this.keystore = keystore != null;
    this.chainId = Long.parseLong(network.chainId());
    this.settings = Settings.of(network.targetOptions());
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public int accounts() {
    return accounts.size();
  }

  @Override
  public Wallet wallet(Cluster cluster) {
    return new EthereumWallet(accounts, chainId, settings, token, store, cluster);
  }

  /**
   * With a keystore, pays each of its accounts {@code balance} ether from the funded account of the
   * same index. Deploys the lab's key-value store from account 0 (the kv workload's calls go to it)
   * and, with ERC-20 transfers, the lab's token, minting {@code balance} tokens to every account.
   * Waits until all of it is mined.
   */
  @Override
  public void ready(Cluster cluster) throws ClientException {
    EthereumClient client = (EthereumClient) cluster.client(0);
    if (keystore) {
      payKeystore(client, cluster);
    }
    EthereumWallet wallet = (EthereumWallet) wallet(cluster);
    store.deployedAt(deploy(client, wallet, "store", Store.creation(), STORE_GAS));
    if (settings.erc20()) {
      String creation =
          Token.creation(accounts.addresses(), BigInteger.valueOf(network.accountBalance()));
      // Each holder costs a storage write and an event: about 25,000 gas.
      long gas = Math.min(500_000L + 30_000L * accounts.size(), MAX_GAS);
      token.deployedAt(deploy(client, wallet, "token", creation, gas));
    }
  }

  /** Deploys {@code creation} from account 0 and returns the contract's address once mined. */
  private String deploy(
      EthereumClient client, EthereumWallet wallet, String what, String creation, long gas)
      throws ClientException {
    BigInteger nonce = BigInteger.valueOf(client.nextNonce(accounts.address(0)));
    EthTx tx =
        wallet.sign(0, wallet.raw(nonce, BigInteger.valueOf(gas), "", BigInteger.ZERO, creation));
    var answer = client.submit(List.of(tx)).get(0);
    if (!answer.accepted()) {
      throw new ClientException(
          client.node(), "the " + what + "'s deployment was refused: " + answer.detail());
    }
    return client.awaitContract(tx.id(), DEPLOY_TIMEOUT_MILLIS);
  }

  private void payKeystore(EthereumClient client, Cluster cluster) throws ClientException {
    EthereumWallet payer = new EthereumWallet(funded, chainId, settings, token, store, cluster);
    BigInteger each = BigInteger.valueOf(network.accountBalance()).multiply(WEI_PER_ETHER);
    List<SignedTx> txs = new ArrayList<>();
    for (int i = 0; i < funded.size(); i++) {
      BigInteger nonce = BigInteger.valueOf(client.nextNonce(funded.address(i)));
      txs.add(
          payer.sign(
              i, payer.raw(nonce, EthereumWallet.TRANSFER_GAS, accounts.address(i), each, "")));
    }
    for (int from = 0; from < txs.size(); from += PAY_BATCH) {
      for (Submitted s : client.submit(txs.subList(from, Math.min(txs.size(), from + PAY_BATCH)))) {
        if (!s.accepted()) {
          throw new ClientException(
              client.node(), "paying a keystore account was refused: " + s.detail());
        }
      }
    }
    client.awaitMined(txs.stream().map(SignedTx::id).toList(), DEPLOY_TIMEOUT_MILLIS);
  }

  /** A dev node has no validators that evidence could name. */
  @Override
  public Map<String, String> validatorIds() {
    return Map.of();
  }

  /**
   * The node needs no file from the lab: its chain id and funded accounts come from its command
   * line (anvil) or, for a node configured by a file of its own (Hardhat), from the environment.
   */
  @Override
  public NodeSetup prepare(NodeSlot slot) {
    Map<String, String> values =
        Map.of(
            "chainId", Long.toString(chainId),
            "mnemonic", mnemonic,
            "accounts", Integer.toString(funded.size()),
            // One ether more each when they pay a keystore's accounts: the fee of that payment.
            "balance", Long.toString(network.accountBalance() + (keystore ? 1 : 0)));
    Map<String, String> env =
        Map.of(
            "LEDGERLAB_CHAIN_ID", values.get("chainId"),
            "LEDGERLAB_MNEMONIC", mnemonic,
            "LEDGERLAB_ACCOUNTS", values.get("accounts"),
            "LEDGERLAB_BALANCE", values.get("balance"));
    return new NodeSetup(values, env);
  }

  @Override
  public ChainClient client(String node, InetSocketAddress rpc) {
    BigInteger each = BigInteger.valueOf(network.accountBalance());
    return new EthereumClient(
        node,
        "http://" + rpc.getHostString() + ":" + rpc.getPort(),
        chainId,
        accounts.addresses(),
        settings.erc20() ? each : each.multiply(WEI_PER_ETHER),
        settings.erc20() ? token : null,
        store);
  }
}
