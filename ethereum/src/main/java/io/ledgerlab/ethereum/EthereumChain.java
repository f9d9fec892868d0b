package io.ledgerlab.ethereum;

import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Wallet;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An Ethereum dev chain deployed for one network: its chain id and funded accounts. */
final class EthereumChain implements Chain {
  private static final BigInteger WEI_PER_ETHER = BigInteger.TEN.pow(18);

  private final Target target;
  private final Network network;
  private final String mnemonic;
  private final Accounts accounts;
  private final long chainId;

  EthereumChain(Target target, Network network, String mnemonic, Accounts accounts) {
    this.target = target;
    this.network = network;
    this.mnemonic = mnemonic;
    this.accounts = accounts;
    this.chainId = Long.parseLong(network.chainId());
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
    return new EthereumWallet(accounts, chainId, cluster);
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
    Map<String, String> env = new LinkedHashMap<>();
    values.forEach((k, v) -> env.put(ENV_PREFIX + k.toUpperCase(Locale.ROOT), v));
    env.put(ENV_PREFIX + "CHAIN_ID", values.get("chainId"));
    env.remove(ENV_PREFIX + "CHAINID");
    return new NodeSetup(values, env);
  }

  /**
   * Each placeholder's value is also in the node's environment, as LEDGERLAB_CHAIN_ID and so on.
   */
  static final String ENV_PREFIX = "LEDGERLAB_";

  @Override
  public ChainClient client(String node, InetSocketAddress rpc) {
    return new EthereumClient(
        node,
        "http://" + rpc.getHostString() + ":" + rpc.getPort(),
        chainId,
        accounts.addresses(),
        BigInteger.valueOf(network.accountBalance()).multiply(WEI_PER_ETHER));
  }
}
