package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Wallet;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.Genesis;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference chain deployed for one network: its genesis and every key. */
public final class ReferenceChain implements Chain {
  private final Target target;
  private final Genesis genesis;
  private final Map<String, KeyPair> validatorKeys;
  private final Map<String, KeyPair> nodeKeys;
  private final List<KeyPair> accounts;

  ReferenceChain(
      Target target,
      Genesis genesis,
      Map<String, KeyPair> validatorKeys,
      Map<String, KeyPair> nodeKeys,
      List<KeyPair> accounts) {
    this.target = target;
    this.genesis = genesis;
    this.validatorKeys = Map.copyOf(validatorKeys);
    this.nodeKeys = Map.copyOf(nodeKeys);
    this.accounts = List.copyOf(accounts);
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
    return new ReferenceWallet(accounts, genesis.chainId(), cluster);
  }

  @Override
  public Map<String, String> validatorIds() {
    Map<String, String> out = new LinkedHashMap<>();
    validatorKeys.forEach((node, key) -> out.put(node, key.address().hex()));
    return out;
  }

  public Genesis genesis() {
    return genesis;
  }

  public KeyPair validatorKey(String node) {
    return require(validatorKeys, node);
  }

  public KeyPair nodeKey(String node) {
    return require(nodeKeys, node);
  }

  List<Address> accountAddresses() {
    return accounts.stream().map(KeyPair::address).toList();
  }

  /** A client of a node process that serves JSON-RPC at {@code hostPort}. */
  public ReferenceClient rpcClient(String node, String hostPort) {
    return new RpcChainClient(NodeClient.of(node, hostPort), this);
  }

  /** A client of a node in this JVM. */
  public ReferenceClient localClient(String node, LocalChainClient.Access access) {
    return new LocalChainClient(node, access, this);
  }

  private static KeyPair require(Map<String, KeyPair> keys, String node) {
    KeyPair k = keys.get(node);
    if (k == null) {
      throw new IllegalArgumentException("no key for node '" + node + "'");
    }
    return k;
  }
}
