package io.ledgerlab.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.ByzantineOutbox;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.consensus.Coalition;
import io.ledgerlab.ledger.consensus.ConsensusConfig;
import io.ledgerlab.ledger.consensus.ConsensusNode;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.genesis.GenesisParser;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import io.ledgerlab.node.code.CodeDir;
import io.ledgerlab.node.config.ConfigException;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.node.config.NodeKeys;
import io.ledgerlab.node.metrics.NodeMetrics;
import io.ledgerlab.node.p2p.P2pException;
import io.ledgerlab.node.p2p.TcpTransport;
import io.ledgerlab.node.rpc.JsonRpc;
import io.ledgerlab.node.rpc.NodeRpc;
import io.ledgerlab.node.rpc.RpcError;
import io.ledgerlab.node.rpc.RpcHttpServer;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.disk.RocksDisk;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.real.EventLoop;
import io.ledgerlab.runtime.real.SystemClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * One node of the reference chain on the real runtime: system clock, TCP, RocksDB with fsync,
 * JSON-lines logs, JSON-RPC and metrics. It owns every resource it opens and releases them in
 * reverse order on {@link #close()}; a start that fails halfway releases what it had opened.
 */
public final class NodeHost implements AutoCloseable {
  private static final long STATUS_PUBLISH_MICROS = 200_000;
  private static final int LATENCY_TRACKED_MAX = 200_000;

  private final NodeConfig config;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final SystemClock clock = new SystemClock();
  private final Map<Hash, Long> admittedAtNanos = new LinkedHashMap<>();
  private JsonLogWriter logWriter;
  private EventLog log;
  private EventLoop loop;
  private TcpTransport transport;
  private ConsensusNode node;
  private NodeMetrics metrics;
  private RpcHttpServer rpc;
  private volatile NodeMetrics.Snapshot snapshot = NodeMetrics.Snapshot.EMPTY;
  private long lastCommitNanos = -1;

  private NodeHost(NodeConfig config) {
    this.config = config;
  }

  /** Starts a node as {@code config} describes; on failure nothing stays open. */
  public static NodeHost start(NodeConfig config) throws ConfigException, P2pException {
    NodeHost host = new NodeHost(config);
    try {
      host.open();
      return host;
    } catch (ConfigException | P2pException | RuntimeException e) {
      host.close();
      throw e;
    }
  }

  private void open() throws ConfigException, P2pException {
    Genesis genesis = genesis();
    // Keys first: a wrong password stops the node before it opens a log, a port or its database.
    NodeKeys keys = NodeKeys.load(config);
    KeyPair nodeKey = keys.nodeKey();
    KeyPair validatorKey = keys.validatorKey().orElse(null);
    clock.setOffsetMicros(config.clockOffsetMicros());
    // Log timestamps are the machine's true time, so a skewed node still sorts correctly in the
    // merged timeline; only the node's own reading of time is skewed.
    logWriter = own(openLog());
    metrics = new NodeMetrics(() -> snapshot);
    log = new MetricsTap(logWriter, metrics);
    // Closed in reverse: RPC, network and loop stop before the database closes under them.
    RocksDisk disk = own(openDisk());
    loop = own(new EventLoop("node-" + config.name()));
    transport =
        own(new TcpTransport(genesis.chainId(), nodeKey, config.p2p(), config.peers(), loop, log));
    metrics.p2p(
        transport::readPauses, transport::inboundDroppedMessages, transport::inboundPendingBytes);
    rpc = own(bindRpc());
    // Canary skip-sync: storage that never reaches its durability barrier.
    io.ledgerlab.runtime.disk.Disk nodeDisk =
        config.canary() == Canary.SKIP_SYNC
            ? new io.ledgerlab.runtime.disk.UnsyncedDisk(disk)
            : disk;
    NodeRuntime runtime =
        new NodeRuntime(clock, loop, transport, nodeDisk, new SystemEntropy(), log);
    Ledger ledger = openLedger(nodeDisk, genesis);
    node = buildNode(runtime, ledger, validatorKey);
    metrics.role(node.role());
    if (node.key() == null) {
      metrics.observing(genesis.validators().stream().map(Genesis.Validator::name).toList());
    }
    transport.start();
    call(
        () -> {
          node.start();
          publishStatus();
          schedulePublish();
          return null;
        });
    rpc.start();
    log.info(
        "node.ready",
        Map.of(
            "version",
            NodeVersion.software(),
            "p2p",
            NodeConfigs.hostPort(config.p2p()),
            "rpc",
            NodeConfigs.hostPort(rpc.address()),
            "height",
            snapshot.height()));
  }

  private Genesis genesis() throws ConfigException {
    try {
      return new GenesisParser()
          .parse(config.genesis().toString(), Files.readString(config.genesis()));
    } catch (IOException e) {
      throw new ConfigException(config.genesis() + ": cannot read the genesis: " + e.getMessage());
    } catch (GenesisException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private JsonLogWriter openLog() throws ConfigException {
    try {
      return new JsonLogWriter(
          config.logFile(), config.name(), new SystemClock(), config.logLevel());
    } catch (IOException e) {
      throw new ConfigException(config.logFile() + ": cannot open the log: " + e.getMessage(), e);
    }
  }

  private RpcHttpServer bindRpc() throws P2pException {
    JsonRpc jsonRpc = new JsonRpc(new NodeRpc(this).methods(config.labControls()));
    try {
      return RpcHttpServer.bind(config.rpc(), jsonRpc, metrics, this::healthy);
    } catch (IOException e) {
      throw new P2pException(
          "cannot listen for RPC on " + NodeConfigs.hostPort(config.rpc()) + ": " + e.getMessage(),
          e);
    }
  }

  private RocksDisk openDisk() throws ConfigException {
    try {
      Files.createDirectories(config.dataDir());
      return RocksDisk.open(config.dataDir());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          config.dataDir() + ": cannot open the node's database: " + e.getMessage(), e);
    }
  }

  /**
   * The jars in the node's code directory, for chain code governance installs. A jar that cannot be
   * used is logged, not fatal: the node halts only if the chain comes to need it.
   */
  private CodeDir openCodeDir() {
    return CodeDir.open(
        config.codeDir(),
        problem ->
            log.warn(
                "chaincode.jar.rejected",
                Map.of("jar", problem.jar().toString(), "reason", problem.reason())));
  }

  private Ledger openLedger(io.ledgerlab.runtime.disk.Disk disk, Genesis genesis)
      throws ConfigException {
    io.ledgerlab.ledger.chaincode.ChainCodeRegistry registry;
    try {
      Path dir = config.genesis().toAbsolutePath().getParent();
      registry = ChainCodes.registry(config.canary(), genesis, dir);
    } catch (IOException e) {
      throw new ConfigException(
          config.genesis() + ": cannot install chain code: " + e.getMessage(), e);
    }
    try {
      return Ledger.open(disk, genesis, registry, openCodeDir());
    } catch (GenesisException e) {
      throw new ConfigException(
          config.dataDir() + ": the stored chain does not match the genesis: " + e.getMessage(), e);
    }
  }

  private ConsensusNode buildNode(NodeRuntime runtime, Ledger ledger, KeyPair validatorKey) {
    List<NodeId> peers = config.peers().stream().map(p -> new NodeId(p.name())).toList();
    Set<NodeId> coalition = new HashSet<>();
    for (String n : config.byzantine()) {
      coalition.add(new NodeId(n));
    }
    List<NodeId> all = new ArrayList<>(peers);
    all.add(new NodeId(config.name()));
    ConsensusConfig consensus =
        ConsensusConfig.DEFAULT
            .withTimeoutCommitMicros(config.timeoutCommitMicros())
            .withCanary(config.canary())
            .withRelay(config.relay())
            .withRescueAfterMicros(config.rescueAfterMicros());
    Behaviour behaviour = config.behaviour();
    if (config.canary() == Canary.DOUBLE_SIGN) {
      // A double-signing bug: the node votes both ways on its own, in a coalition of one.
      behaviour = Behaviour.DOUBLE_VOTE;
      coalition = Set.of(new NodeId(config.name()));
    }
    return new ConsensusNode(
        new NodeId(config.name()),
        runtime,
        ledger,
        validatorKey,
        peers,
        consensus,
        ByzantineOutbox.factory(behaviour, new Coalition(coalition, all, true), runtime.entropy()),
        this::onCommitted,
        NodeVersion.software());
  }

  // ---- On the event loop ----------------------------------------------------------------------

  private void onCommitted(NodeId id, ExecutedBlock block, CommitCertificate certificate) {
    long now = System.nanoTime();
    double interval = lastCommitNanos < 0 ? -1 : (now - lastCommitNanos) / 1e9;
    lastCommitNanos = now;
    metrics.committed(block.block().transactions().size(), interval);
    for (Transaction tx : block.block().transactions()) {
      Long admitted = admittedAtNanos.remove(tx.hash());
      if (admitted != null) {
        metrics.commitLatency((now - admitted) / 1e9);
      }
    }
    publishStatus();
  }

  private void publishStatus() {
    snapshot =
        new NodeMetrics.Snapshot(
            node.ledger().height(),
            node.consensus().round(),
            node.pendingTransactions(),
            node.pendingBytes(),
            transport.connectedPeers().size(),
            node.relayedProposals(),
            node.relayedVotes(),
            node.peerVersions());
  }

  private void schedulePublish() {
    loop.schedule(
        STATUS_PUBLISH_MICROS,
        () -> {
          publishStatus();
          schedulePublish();
        });
  }

  /** Admits a client's transaction; called on the loop. */
  public TxCheck submit(Transaction tx) {
    TxCheck check = node.submit(tx);
    metrics.submitted(check.isOk() ? "accepted" : check.reason().name().toLowerCase());
    if (check.isOk() && admittedAtNanos.size() < LATENCY_TRACKED_MAX) {
      admittedAtNanos.put(tx.hash(), System.nanoTime());
    }
    return check;
  }

  // ---- For RPC and the process ----------------------------------------------------------------

  public ConsensusNode node() {
    return node;
  }

  public SystemClock clock() {
    return clock;
  }

  public NodeConfig config() {
    return config;
  }

  /** Runs {@code call} on the node's loop; an RPC error when the node cannot serve. */
  public <T> T onLoop(Callable<T> call) throws RpcError {
    if (loop.failure() != null) {
      throw new RpcError(RpcError.UNAVAILABLE, "node stopped: " + loop.failure());
    }
    try {
      return loop.call(call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcError(RpcError.UNAVAILABLE, "interrupted");
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new RpcError(RpcError.UNAVAILABLE, "node is stopping");
    }
  }

  /** Healthy: the event loop runs and, when the node has peers, at least one is connected. */
  public boolean healthy() {
    return loop.failure() == null
        && (config.peers().isEmpty() || !transport.connectedPeers().isEmpty());
  }

  /** The node's status for operators: software, chain position, peers, sync and health. */
  public JsonNode status() throws RpcError {
    return onLoop(
        () -> {
          ObjectNode out =
              JsonNodeFactory.instance
                  .objectNode()
                  .put("name", config.name())
                  .put("version", NodeVersion.software())
                  .put("role", node.role())
                  .put("chainId", node.ledger().chainId())
                  .put("height", node.ledger().height())
                  .put("round", node.consensus().round())
                  .put("step", String.valueOf(node.consensus().step()))
                  .put("stateRoot", node.ledger().head().stateRoot().hex())
                  .put("syncing", node.syncing())
                  .put("healthy", healthy())
                  .put("behaviour", NodeConfigs.behaviourName(config.behaviour()))
                  .put("clockOffsetMicros", clock.nowMicros() - new SystemClock().nowMicros())
                  .put("droppedMessages", transport.droppedMessages());
          out.put("validator", node.key() == null ? null : node.key().address().hex());
          node.halted()
              .ifPresent(
                  m ->
                      out.putObject("missingCode")
                          .put("chainCode", m.chainCode())
                          .put("version", m.version())
                          .put("sha256", m.sha256())
                          .put("height", m.height()));
          var peers = out.putArray("peers");
          transport.connectedPeers().forEach(peers::add);
          out.putObject("mempool")
              .put("transactions", node.pendingTransactions())
              .put("bytes", node.pendingBytes());
          return out;
        });
  }

  /** The exception that stopped the node's loop, or null while it runs. */
  public Throwable failure() {
    return loop == null ? null : loop.failure();
  }

  /** Waits until the node's loop fails or the thread is interrupted. */
  public void awaitFailure() throws InterruptedException {
    while (failure() == null) {
      Thread.sleep(200);
    }
  }

  private <T> T call(Callable<T> c) {
    try {
      return loop.call(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  private <T extends AutoCloseable> T own(T resource) {
    opened.add(resource);
    return resource;
  }

  /** Stops the node gracefully: consensus, then network, then the loop, disk and log. */
  @Override
  public void close() {
    if (node != null && loop != null && loop.failure() == null) {
      try {
        loop.call(
            () -> {
              node.stop();
              return null;
            });
      } catch (InterruptedException | RuntimeException e) {
        // The loop is already gone; the rest still closes.
      }
    }
    if (log != null) {
      log.info("node.stopped", Map.of("height", snapshot.height()));
    }
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        System.err.println(config.name() + ": closing " + opened.get(i) + ": " + e);
      }
    }
    opened.clear();
  }
}
