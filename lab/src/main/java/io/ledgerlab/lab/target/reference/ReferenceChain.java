package io.ledgerlab.lab.target.reference;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.lab.target.ReplayResult;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Wallet;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.replay.BlockSource;
import io.ledgerlab.ledger.replay.ChainReplay;
import io.ledgerlab.ledger.replay.ReplayReport;
import io.ledgerlab.ledger.replay.Substitution;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.SandboxException;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.node.keys.PasswordSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reference chain deployed for one network: its genesis and every key. */
public final class ReferenceChain implements Chain {
  private final Target target;
  private final Genesis genesis;
  private final Path genesisDir;
  private final Map<String, KeyPair> validatorKeys;
  private final Map<String, KeyPair> nodeKeys;
  private final List<KeyPair> accounts;
  private final List<KeyPair> operators;

  ReferenceChain(
      Target target,
      Genesis genesis,
      Path genesisDir,
      Map<String, KeyPair> validatorKeys,
      Map<String, KeyPair> nodeKeys,
      List<KeyPair> accounts,
      List<KeyPair> operators) {
    this.target = target;
    this.genesis = genesis;
    this.genesisDir = genesisDir;
    this.validatorKeys = Map.copyOf(validatorKeys);
    this.nodeKeys = Map.copyOf(nodeKeys);
    this.accounts = List.copyOf(accounts);
    this.operators = List.copyOf(operators);
  }

  @Override
  public Optional<io.ledgerlab.lab.target.Governance> governance() {
    return operators.isEmpty()
        ? Optional.empty()
        : Optional.of(new ReferenceGovernance(genesis, operators));
  }

  /** The key of operator {@code index}, for tests that sign their own governance actions. */
  public KeyPair operator(int index) {
    if (index < 0 || index >= operators.size()) {
      throw new IndexOutOfBoundsException(
          "operator " + index + " of " + operators.size() + " operators");
    }
    return operators.get(index);
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

  /** The validator key of {@code node}, or empty for an observer, which has none. */
  public Optional<KeyPair> validatorKeyOf(String node) {
    require(nodeKeys, node);
    return Optional.ofNullable(validatorKeys.get(node));
  }

  public KeyPair nodeKey(String node) {
    return require(nodeKeys, node);
  }

  /** The key of funded account {@code index}, for tests that sign their own transactions. */
  public KeyPair account(int index) {
    if (index < 0 || index >= accounts.size()) {
      throw new IndexOutOfBoundsException(
          "account " + index + " of " + accounts.size() + " funded accounts");
    }
    return accounts.get(index);
  }

  /**
   * Signs {@code payload} as funded account {@code index} with {@code nonce}, ready for any client
   * of this chain's nodes.
   */
  public SignedTx sign(int index, long nonce, Payload payload) {
    return ReferenceTx.of(Transaction.sign(genesis.chainId(), account(index), nonce, payload));
  }

  /**
   * Every key of the run, once each: validator and node keys, funded accounts and operators — the
   * identities a simulation registers when it signs with its own scheme.
   */
  public List<KeyPair> identities() {
    java.util.Set<KeyPair> all = new java.util.LinkedHashSet<>();
    new java.util.TreeMap<>(validatorKeys).values().forEach(all::add);
    new java.util.TreeMap<>(nodeKeys).values().forEach(all::add);
    all.addAll(accounts);
    all.addAll(operators);
    return List.copyOf(all);
  }

  List<Address> accountAddresses() {
    return accounts.stream().map(KeyPair::address).toList();
  }

  /** A client of a node process that serves JSON-RPC at {@code hostPort}. */
  public ReferenceClient rpcClient(String node, String hostPort) {
    return new RpcChainClient(NodeClient.of(node, hostPort), this);
  }

  @Override
  public ChainClient client(String node, InetSocketAddress rpc) {
    return rpcClient(node, NodeConfigs.hostPort(rpc));
  }

  /**
   * Writes the node's config: its keys (no validator key for an observer), ports, peers through the
   * lab's proxies, behaviour, and whether it relays and rescues.
   */
  @Override
  public NodeSetup prepare(NodeSlot slot) throws IOException {
    Network network = slot.network();
    Network.NodeSpec n = slot.node();
    RunLayout run = slot.run();
    List<NodeConfig.Peer> peers = new ArrayList<>();
    for (Network.NodeSpec other : network.nodes()) {
      if (!other.name().equals(n.name())) {
        peers.add(
            new NodeConfig.Peer(
                other.name(), slot.peers().get(other.name()), nodeKey(other.name()).publicKey()));
      }
    }
    List<String> coalition =
        n.honest() ? List.of() : network.byzantine().stream().map(Network.NodeSpec::name).toList();
    NodeConfig config =
        new NodeConfig(
            n.name(),
            run.genesis(),
            run.nodeKey(n.name()),
            // No validator key: the node runs as an observer.
            n.observer() ? Optional.empty() : Optional.of(run.validatorKey(n.name())),
            run.data(n.name()),
            run.log(n.name()),
            network.launch().logLevel(),
            slot.p2p(),
            slot.rpc(),
            peers,
            n.clockOffsetMicros(),
            n.behaviour(),
            coalition,
            network.blockIntervalMicros(),
            true,
            slot.supervisorPid() > 0 ? Optional.of(slot.supervisorPid()) : Optional.empty(),
            network.canary(n),
            // The keystores open with the run's password, from the file only its owner reads.
            Optional.of(new PasswordSource.File(run.keyPassword())),
            run.code(n.name()));
    config =
        config
            .withRelay(network.relay())
            // Observers rescue transactions; a validator's mempool gossips as it always has.
            .withRescueAfterMicros(n.observer() ? network.rescueAfterMicros() : 0);
    NodeConfigs.write(config, run.nodeConfig(n.name()));
    // The chain code its version carries, before every start of its software.
    io.ledgerlab.lab.governance.CodePlacement.placeVersion(network, n, run.code(n.name()));
    return new NodeSetup(Map.of("config", run.nodeConfig(n.name()).toString()), Map.of());
  }

  /**
   * Replays the node's chain, read block by block through its client (RPC or in this JVM), under
   * the code the genesis names and, side by side, the replacements.
   */
  @Override
  public ReplayResult replay(ChainClient client, List<Path> replacements) throws ClientException {
    ReferenceClient node = (ReferenceClient) client;
    ChainCodeRegistry own;
    List<ChainCode> with = new ArrayList<>();
    try {
      own = ChainCodes.registry(Canary.NONE, genesis, genesisDir);
      for (Path jar : replacements) {
        with.add(Sandbox.load(jar, Sandbox.sha256Hex(jar)));
      }
    } catch (IOException | SandboxException e) {
      throw new ClientException(
          node.node(), "cannot load the chain code to replay: " + e.getMessage(), e);
    }
    ReplayReport report;
    try {
      report =
          new ChainReplay(genesis, own, installedCode(node.node()), Substitution.of(own, with))
              .run(blocks(node), ChainReplay.Progress.NONE);
    } catch (IOException e) {
      throw new ClientException(
          node.node(), "cannot read the chain to replay: " + e.getMessage(), e);
    }
    return new ReplayResult(
        node.node(),
        ReplayResult.Verdict.valueOf(report.verdict().name()),
        report.blocks(),
        report.lines());
  }

  /**
   * The jars governance installed that {@code node} carries: its code directory in the run, where
   * the lab put them (a replay of a chain upgraded on chain needs them to run its later blocks).
   */
  private io.ledgerlab.ledger.chaincode.CodeSource installedCode(String node) {
    return io.ledgerlab.node.code.CodeDir.open(
        new io.ledgerlab.lab.engine.RunLayout(genesisDir).code(node), problem -> {});
  }

  /** The node's committed chain as a replay reads it: up to the head it has when asked. */
  private static BlockSource blocks(ReferenceClient node) {
    return new BlockSource() {
      @Override
      public long head() throws IOException {
        try {
          return node.head().height();
        } catch (ClientException e) {
          throw new IOException(e.getMessage(), e);
        }
      }

      @Override
      public Block block(long height) throws IOException {
        try {
          return node.block(height)
              .orElseThrow(() -> new IOException("the node has no block " + height));
        } catch (ClientException e) {
          throw new IOException(e.getMessage(), e);
        }
      }

      @Override
      public Optional<List<Receipt>> receipts(long height) throws IOException {
        try {
          return node.receipts(height);
        } catch (ClientException e) {
          throw new IOException(e.getMessage(), e);
        }
      }
    };
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
