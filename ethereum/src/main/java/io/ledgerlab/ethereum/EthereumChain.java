package io.ledgerlab.ethereum;

import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Wallet;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** An Ethereum dev chain deployed for one network: its chain id and funded accounts. */
final class EthereumChain implements Chain {
  private static final BigInteger WEI_PER_ETHER = BigInteger.TEN.pow(18);

  private final Target target;
  private final Network network;
  private final String mnemonic;
  private final Accounts accounts;
  private final long chainId;
  private final Settings settings;
  private final Token token = new Token();

  /** Under a dev node's default block gas limit (30 million). */
  private static final long MAX_GAS = 29_000_000L;

  /** How long a deployment may take to be mined. */
  private static final long DEPLOY_TIMEOUT_MILLIS = 30_000;

  EthereumChain(Target target, Network network, String mnemonic, Accounts accounts) {
    this.target = target;
    this.network = network;
    this.mnemonic = mnemonic;
    this.accounts = accounts;
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
    return new EthereumWallet(accounts, chainId, settings, token, cluster);
  }

  /**
   * With ERC-20 transfers: deploys the lab's token from account 0, minting {@code balance} tokens
   * to every account, and waits until it is mined.
   */
  @Override
  public void ready(Cluster cluster) throws ClientException {
    if (!settings.erc20()) {
      return;
    }
    EthereumClient client = (EthereumClient) cluster.client(0);
    EthereumWallet wallet = (EthereumWallet) wallet(cluster);
    String creation =
        Token.creation(accounts.addresses(), BigInteger.valueOf(network.accountBalance()));
    // Each holder costs a storage write and an event: about 25,000 gas.
    BigInteger gas = BigInteger.valueOf(Math.min(500_000L + 30_000L * accounts.size(), MAX_GAS));
    BigInteger nonce = BigInteger.valueOf(client.nextNonce(accounts.address(0)));
    EthTx tx = wallet.sign(0, wallet.raw(nonce, gas, "", BigInteger.ZERO, creation));
    var answer = client.submit(List.of(tx)).get(0);
    if (!answer.accepted()) {
      throw new ClientException(
          client.node(), "the token's deployment was refused: " + answer.detail());
    }
    token.deployedAt(client.awaitContract(tx.id(), DEPLOY_TIMEOUT_MILLIS));
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
            "accounts", Integer.toString(accounts.size()),
            "balance", Long.toString(network.accountBalance()));
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
        settings.erc20() ? token : null);
  }
}
