package io.ledgerlab.lab.sim;

import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.NodeEvent;
import io.ledgerlab.lab.engine.NodeEvents;
import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.lab.engine.SignatureScheme;
import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.governance.CodePlacement;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.reference.LocalChainClient;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.ByzantineOutbox;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.consensus.Coalition;
import io.ledgerlab.ledger.consensus.ConsensusConfig;
import io.ledgerlab.ledger.consensus.ConsensusNode;
import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.SimulatedSignatures;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.node.code.CodeDir;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.UnsyncedDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.sim.LinkFault;
import io.ledgerlab.runtime.sim.LinkModel;
import io.ledgerlab.runtime.sim.SimNetwork;
import io.ledgerlab.runtime.sim.SimScheduler;
import io.ledgerlab.runtime.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The simulated world as an engine: every node of the reference chain in this JVM on one
 * discrete-event loop, in virtual time, its randomness drawn from the run's seed — the same seed
 * and scenario give the same run, bit for bit, and the trace digest proves it. Crashes lose the
 * node's memory (and, for a power loss, its unsynced writes), links are cut, delayed, throttled or
 * stalled per message, clocks are skewed. A node whose code throws dies as its process would, with
 * exit code 70, and that is reported as an unexpected exit.
 */
public final class SimEngine implements Engine {
  public static final String NAME = "sim";

  /** When every simulated run starts: 2026-01-01 00:00 UTC; node logs count from here. */
  public static final long START_MICROS = 1_767_225_600_000_000L;

  /** The simulated wire under every link: 5 ms ± 3 ms one way, before any fault. */
  static final LinkModel WIRE = new LinkModel(5_000, 3_000, 0.0, 0.0);

  /** The exit codes of the node process, for the same events. */
  static final int EXIT_KILLED = 137;

  static final int EXIT_FAILED = 70;

  /** Where the genesis file is, which user chain-code jars are relative to. */
  private Path genesisDir;

  /** The run directory: each node's code directory is in it. */
  private io.ledgerlab.lab.engine.RunLayout run;

  private final Network network;
  private final ReferenceChain chain;
  private final long seed;
  private final SeededEntropy entropy;
  private final SimScheduler scheduler = new SimScheduler(START_MICROS);
  private final SimNetwork net;
  private final SimTimeline timeline = new SimTimeline(scheduler, START_MICROS);
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final List<NodeId> ids = new ArrayList<>();
  private final Map<String, ChainClient> clients = new LinkedHashMap<>();
  private final NodeEvents events = new NodeEvents();
  private final Coalition coalition;
  private final List<Path> logFiles = new ArrayList<>();
  private final SignatureScheme signatures;

  /** The run's identities, registered for the simulated scheme while the engine is open. */
  private SimulatedSignatures.Registration simulatedSignatures;

  private boolean closed;

  /** A node's place in the world: survives crashes; the node object and its memory do not. */
  private static final class Slot {
    final String name;
    final NodeId id;

    /** Its validator key; null for an observer. */
    final KeyPair key;

    /** Its manifest entry, with the version it runs now: a rolling upgrade swaps it. */
    Network.NodeSpec spec;

    final MemoryDisk disk = new MemoryDisk();
    final boolean twinInstance;
    JsonLogWriter file;
    TailLog log;
    ConsensusNode node;
    NodeStatus status = NodeStatus.DOWN;

    Slot(String name, KeyPair key, Network.NodeSpec spec, boolean twinInstance) {
      this.name = name;
      this.id = NodeId.of(name);
      this.key = key;
      this.spec = spec;
      this.twinInstance = twinInstance;
    }
  }

  private SimEngine(Deployment d, ReferenceChain chain) {
    this.network = d.network();
    this.chain = chain;
    this.seed = d.seed();
    this.signatures = d.signatures();
    this.entropy = SeededEntropy.of(seed);
    this.net = new SimNetwork(scheduler, seed, WIRE);
    Set<NodeId> byzantine = new TreeSet<>();
    for (Network.NodeSpec n : network.nodes()) {
      // An observer is a node without a validator key: it follows, votes on nothing.
      KeyPair key = chain.validatorKeyOf(n.name()).orElse(null);
      slots.put(n.name(), new Slot(n.name(), key, n, false));
      if (!n.honest() && !n.twin()) {
        byzantine.add(NodeId.of(n.name()));
      }
      if (n.twin()) {
        // The twin shares the validator key and runs the honest code: together they equivocate.
        String twin = n.name() + "-twin";
        slots.put(twin, new Slot(twin, key, n, true));
      }
    }
    slots.values().forEach(s -> ids.add(s.id));
    this.coalition = new Coalition(byzantine, ids);
    net.onFailure(this::failed);
  }

  static SimEngine start(Deployment d) throws IOException {
    if (!(d.chain() instanceof ReferenceChain chain)) {
      throw new IllegalArgumentException(
          "the sim engine runs the reference chain's node code; it cannot run the '"
              + d.chain().target().name()
              + "' target");
    }
    SimEngine engine = new SimEngine(d, chain);
    try {
      engine.open(d);
      return engine;
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private void open(Deployment d) throws IOException {
    genesisDir = d.run().genesis().toAbsolutePath().getParent();
    run = d.run();
    Ed25519.cacheVerifications(1 << 16);
    if (signatures == SignatureScheme.SIMULATED) {
      // Before any node starts or any transaction is signed: every signature of the run is one.
      simulatedSignatures = SimulatedSignatures.register(chain.identities());
    }
    Clock trueTime = scheduler::nowMicros;
    EventLog.Level level = network.launch().logLevel();
    for (Slot s : slots.values()) {
      net.add(s.id);
      Path file = d.run().log(s.name);
      // Log time is the world's true time, so a skewed node still sorts right in the timeline.
      s.file = new JsonLogWriter(file, s.name, trueTime, level);
      s.log = new TailLog(s.file, s.name, trueTime, level);
      logFiles.add(file);
      clients.put(s.name, chain.localClient(s.name, access(s)));
    }
    setLinks(LinkState.of(network));
    for (Slot s : slots.values()) {
      net.skewClock(s.id, s.spec.clockOffsetMicros(), 0);
      boot(s);
    }
  }

  // ---- Nodes -----------------------------------------------------------------------------------

  private void boot(Slot s) {
    if (!s.twinInstance) {
      try {
        // The chain code its version carries, as a node process finds it at its start.
        CodePlacement.placeVersion(network, s.spec, run.code(s.spec.name()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(s.name + ": cannot place its chain code", e);
      }
    }
    NodeRuntime runtime =
        new NodeRuntime(
            net.clock(s.id),
            net.timers(s.id),
            net.transport(s.id),
            disk(s),
            net.entropy(s.id),
            s.log);
    Ledger ledger;
    try {
      ledger =
          Ledger.open(
              runtime.disk(),
              chain.genesis(),
              ChainCodes.registry(canary(s), chain.genesis(), genesisDir),
              codeDir(s));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(s.name + ": cannot install chain code", e);
    } catch (GenesisException e) {
      throw new IllegalStateException(s.name + ": " + e.getMessage(), e);
    }
    List<NodeId> peers = new ArrayList<>(ids);
    peers.remove(s.id);
    ConsensusConfig config =
        ConsensusConfig.DEFAULT
            .withTimeoutCommitMicros(network.blockIntervalMicros())
            .withCanary(canary(s))
            .withRelay(network.relay())
            // Observers rescue transactions; a validator's mempool gossips as it always has.
            .withRescueAfterMicros(s.spec.observer() ? network.rescueAfterMicros() : 0);
    s.node =
        new ConsensusNode(
            s.id,
            runtime,
            ledger,
            s.key,
            peers,
            config,
            outboxes(s),
            ConsensusNode.Listener.NONE,
            // What it tells its peers it runs: the manifest's name of its version.
            s.spec.version());
    s.status = NodeStatus.RUNNING;
    s.node.start();
    events.emit(NodeEvent.started(s.name, timeline.nowMicros(), s.spec.version()));
  }

  /**
   * The jars the lab put in the node's code directory, as the node process reads its own: a twin
   * instance carries what its original carries.
   */
  private CodeDir codeDir(Slot s) {
    return CodeDir.open(
        run.code(s.spec.name()),
        problem ->
            s.log.event(
                EventLog.Level.WARN,
                "chaincode.jar.rejected",
                Map.of("jar", problem.jar().toString(), "reason", problem.reason())));
  }

  private Canary canary(Slot s) {
    return s.twinInstance ? Canary.NONE : network.canary(s.spec);
  }

  private Disk disk(Slot s) {
    return canary(s) == Canary.SKIP_SYNC ? new UnsyncedDisk(s.disk) : s.disk;
  }

  private ConsensusNode.OutboxFactory outboxes(Slot s) {
    if (canary(s) == Canary.DOUBLE_SIGN) {
      // A double-signing bug: the node votes both ways on its own, in a coalition of one.
      return ByzantineOutbox.factory(
          Behaviour.DOUBLE_VOTE,
          new Coalition(Set.of(s.id), ids),
          net.entropy(s.id).fork("byzantine"));
    }
    Behaviour behaviour = s.twinInstance ? Behaviour.HONEST : s.spec.behaviour();
    return ByzantineOutbox.factory(behaviour, coalition, net.entropy(s.id).fork("byzantine"));
  }

  /** A node's code threw: it dies as its process would, and that is news. */
  private void failed(NodeId id, RuntimeException e) {
    Slot s = slots.get(id.name());
    if (s == null || s.status == NodeStatus.EXITED) {
      return;
    }
    s.log.event(
        EventLog.Level.ERROR, "node.failed", Map.of("reason", String.valueOf(e.getMessage())));
    halt(s, Integer.MAX_VALUE);
    s.status = NodeStatus.EXITED;
    List<String> lines = new ArrayList<>(s.log.tail());
    lines.add(e.toString());
    events.emit(
        NodeEvent.exited(s.name, timeline.nowMicros(), EXIT_FAILED, false, e.toString(), lines));
  }

  /** Stops the node's code; {@code keptUnsynced} unsynced disk batches survive. */
  private void halt(Slot s, int keptUnsynced) {
    net.crash(s.id);
    if (s.node != null) {
      try {
        s.node.stop();
      } catch (RuntimeException ignored) {
        // A node that failed may fail again on the way down; it is gone either way.
      }
      s.node = null;
    }
    s.disk.crash(keptUnsynced);
  }

  private LocalChainClient.Access access(Slot s) {
    return new LocalChainClient.Access() {
      @Override
      public Optional<ConsensusNode> node() {
        return s.status == NodeStatus.RUNNING ? Optional.ofNullable(s.node) : Optional.empty();
      }

      @Override
      public String unavailable() {
        return s.status == NodeStatus.PAUSED
            ? "timed out: the node is paused"
            : "unreachable: the node is " + s.status.name().toLowerCase(java.util.Locale.ROOT);
      }
    };
  }

  private Slot slot(String node) {
    Slot s = slots.get(node);
    if (s == null || s.twinInstance) {
      throw new IllegalArgumentException("no node named '" + node + "'; nodes: " + nodes());
    }
    return s;
  }

  // ---- Engine ----------------------------------------------------------------------------------

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<FaultKind> faults() {
    return EnumSet.allOf(FaultKind.class);
  }

  @Override
  public Timeline timeline() {
    return timeline;
  }

  @Override
  public List<String> nodes() {
    return network.nodes().stream().map(Network.NodeSpec::name).toList();
  }

  @Override
  public ChainClient client(String node) {
    slot(node);
    return clients.get(node);
  }

  @Override
  public NodeStatus status(String node) {
    return slot(node).status;
  }

  @Override
  public void kill(String node) {
    down(slot(node), Integer.MAX_VALUE, EXIT_KILLED, "killed");
  }

  @Override
  public void crash(String node) {
    Slot s = slot(node);
    int kept = entropy.fork("crash/" + node + "/" + scheduler.nowMicros()).nextInt(2);
    down(s, kept, EXIT_KILLED, "power loss: unsynced writes lost");
  }

  @Override
  public void stop(String node) {
    down(slot(node), Integer.MAX_VALUE, 0, "stopped");
  }

  private void down(Slot s, int keptUnsynced, int exitCode, String reason) {
    if (!s.status.alive()) {
      return;
    }
    halt(s, keptUnsynced);
    s.status = NodeStatus.DOWN;
    events.emit(NodeEvent.exited(s.name, timeline.nowMicros(), exitCode, true, reason, List.of()));
  }

  @Override
  public void start(String node) {
    Slot s = slot(node);
    if (s.status.alive()) {
      return;
    }
    net.restart(s.id);
    boot(s);
  }

  /**
   * The next start runs {@code version}: its canary and the chain code it carries. In this JVM the
   * node's code is the lab's own; a version that names other code is refused before the run.
   */
  @Override
  public void checkVersion(String version) {
    network.version(version);
  }

  @Override
  public void setVersion(String node, String version) {
    Slot s = slot(node);
    network.version(version);
    if (s.status.alive()) {
      throw new IllegalStateException(node + " is running; stop it before swapping its software");
    }
    s.spec = s.spec.withVersion(version);
    for (Slot twin : slots.values()) {
      if (twin.twinInstance && twin.spec.name().equals(node)) {
        twin.spec = s.spec;
      }
    }
  }

  @Override
  public void pause(String node) {
    Slot s = slot(node);
    if (s.status == NodeStatus.RUNNING) {
      net.pause(s.id);
      s.status = NodeStatus.PAUSED;
    }
  }

  @Override
  public void resume(String node) {
    Slot s = slot(node);
    if (s.status == NodeStatus.PAUSED) {
      net.resume(s.id);
      s.status = NodeStatus.RUNNING;
    }
  }

  @Override
  public void setClockOffset(String node, long offsetMicros) {
    net.skewClock(slot(node).id, offsetMicros, 0);
  }

  /** A twin instance's links are its original node's: a partition cuts both alike. */
  @Override
  public void setLinks(Map<Link, LinkState> links) {
    for (Slot a : slots.values()) {
      for (Slot b : slots.values()) {
        String from = a.spec.name();
        String to = b.spec.name();
        if (!from.equals(to)) {
          LinkState s = links.getOrDefault(new Link(from, to), LinkState.NONE);
          net.setFault(
              a.id,
              b.id,
              new LinkFault(
                  s.blocked(),
                  s.stalled(),
                  s.latencyMicros(),
                  s.jitterMicros(),
                  s.loss(),
                  s.bandwidthBytesPerSecond()));
        }
      }
    }
  }

  @Override
  public void onNodeEvent(Consumer<NodeEvent> listener) {
    events.subscribe(listener);
  }

  @Override
  public List<Path> logFiles() {
    return List.copyOf(logFiles);
  }

  @Override
  public Optional<String> traceDigest() {
    return Optional.of(net.traceDigest());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stopNodes();
    } finally {
      if (simulatedSignatures != null) {
        simulatedSignatures.close();
      }
    }
  }

  private void stopNodes() {
    for (Slot s : slots.values()) {
      if (s.node != null) {
        try {
          s.node.stop();
        } catch (RuntimeException ignored) {
          // Stopping is best effort at the end; the run is over.
        }
      }
      if (s.file != null) {
        try {
          s.file.close();
        } catch (IOException ignored) {
          // Nothing more will be written; the lines already are.
        }
      }
    }
  }
}
