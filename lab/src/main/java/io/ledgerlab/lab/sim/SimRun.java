package io.ledgerlab.lab.sim;

import io.ledgerlab.lab.check.ChainChecks;
import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.LivenessCheck;
import io.ledgerlab.lab.check.NodeChain;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.RandomNemesis;
import io.ledgerlab.ledger.block.DuplicateVoteEvidence;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.ByzantineOutbox;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.consensus.Coalition;
import io.ledgerlab.ledger.consensus.ConsensusConfig;
import io.ledgerlab.ledger.consensus.ConsensusNode;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.entropy.Entropy;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.log.LogRecord;
import io.ledgerlab.runtime.log.MemoryEventLog;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.sim.LinkModel;
import io.ledgerlab.runtime.sim.SimNetwork;
import io.ledgerlab.runtime.sim.SimScheduler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One seed of the simulated world: a network of reference-chain nodes in one JVM on virtual time, a
 * client load, a random nemesis, then heal, a quiet period, and the checks. Same seed and options,
 * same run, bit for bit — the trace digest proves it.
 */
public final class SimRun {
  private static final String CHAIN_ID = "ledgerlab-sim";
  private static final int ACCOUNTS = 64;
  private static final long START_MICROS = 1_767_225_600_000_000L;
  private static final LinkModel LINK = new LinkModel(5_000, 3_000, 0.0, 0.0);
  private static final int LOG_RECORDS_MAX = 200_000;

  private final SimOptions options;
  private final long seed;
  private final SeededEntropy entropy;
  private final SimScheduler scheduler = new SimScheduler(START_MICROS);
  private final SimNetwork network;
  private final Map<NodeId, SimNode> nodes = new LinkedHashMap<>();
  private final List<NodeId> ids = new ArrayList<>();
  private final List<KeyPair> accounts = new ArrayList<>();
  private final History history = new History(2_000_000);
  private final Map<String, List<LivenessCheck.Commit>> commits = new TreeMap<>();
  private final List<LogRecord> logs = new ArrayList<>();
  private final Set<Hash> committedEvidence = new HashSet<>();
  private final Set<Address> accusedValidators = new HashSet<>();
  private final Genesis genesis;
  private final Coalition coalition;
  private long committedTxs;

  /** A node slot: survives crashes; the node object and its memory do not. */
  private static final class SimNode {
    final NodeId id;
    final KeyPair key;
    final Behaviour behaviour;
    final boolean honest;
    final MemoryDisk disk = new MemoryDisk();
    ConsensusNode node;

    SimNode(NodeId id, KeyPair key, Behaviour behaviour, boolean honest) {
      this.id = id;
      this.key = key;
      this.behaviour = behaviour;
      this.honest = honest;
    }
  }

  public SimRun(SimOptions options, long seed) {
    this.options = options;
    this.seed = seed;
    this.entropy = SeededEntropy.of(seed);
    this.network = new SimNetwork(scheduler, seed, LINK);
    Entropy keys = SeededEntropy.of(0).fork("validators");
    List<KeyPair> validatorKeys = new ArrayList<>();
    GenesisBuilder builder = GenesisBuilder.chain(CHAIN_ID).timeMicros(START_MICROS - 1_000_000);
    for (int i = 0; i < options.validators(); i++) {
      KeyPair k = KeyPair.generate(keys);
      validatorKeys.add(k);
      builder.validator("n" + i, k.publicKey(), 1);
    }
    Entropy accountKeys = SeededEntropy.of(0).fork("accounts");
    for (int i = 0; i < ACCOUNTS; i++) {
      KeyPair k = KeyPair.generate(accountKeys);
      accounts.add(k);
      builder.balance(k.address(), 1_000_000_000L);
    }
    this.genesis = builder.build();
    Set<NodeId> byzantine = new HashSet<>();
    for (int i = 0; i < options.validators(); i++) {
      NodeId id = NodeId.of("n" + i);
      boolean isByzantine = i < options.byzantine();
      if (isByzantine) {
        byzantine.add(id);
      }
      boolean twin = options.twins() && i == options.validators() - 1;
      nodes.put(
          id,
          new SimNode(
              id,
              validatorKeys.get(i),
              isByzantine ? options.behaviour() : Behaviour.HONEST,
              !isByzantine && !twin));
      if (twin) {
        NodeId twinId = NodeId.of("n" + i + "-twin");
        nodes.put(twinId, new SimNode(twinId, validatorKeys.get(i), Behaviour.HONEST, false));
      }
    }
    ids.addAll(nodes.keySet());
    this.coalition = new Coalition(byzantine, ids);
  }

  /** The fault schedule this seed draws, for printing before the run. */
  public List<Fault> faults() {
    return RandomNemesis.draw(
        options.faults(), ids, options.durationMicros(), entropy.fork("nemesis"));
  }

  public SimResult run(Consumer<String> progress) {
    Ed25519.cacheVerifications(1 << 16);
    long wallStart = System.nanoTime();
    for (NodeId id : ids) {
      network.add(id);
    }
    for (SimNode n : nodes.values()) {
      boot(n);
    }
    List<Fault> faults = faults();
    for (Fault f : faults) {
      scheduler.schedule(f.startMicros(), () -> apply(f));
      scheduler.schedule(f.endMicros(), () -> heal(f));
    }
    if (options.loadPerSecond() > 0) {
      scheduleLoad(entropy.fork("workload"), (long) (1_000_000 / options.loadPerSecond()));
    }
    long end = START_MICROS + options.durationMicros();
    long step = Math.max(1_000_000, options.durationMicros() / 10);
    for (long t = START_MICROS + step; t < end; t += step) {
      scheduler.runUntil(t);
      progress.accept(progressLine(t - START_MICROS));
    }
    scheduler.runUntil(end);
    healEverything();
    long healedAt = scheduler.nowMicros();
    scheduler.runUntil(healedAt + SimOptions.QUIET_MICROS);
    history.closeOpen(scheduler.nowMicros());
    for (SimNode n : nodes.values()) {
      if (n.node != null) {
        n.node.stop();
      }
    }
    List<CheckResult> checks = checks(healedAt - START_MICROS);
    long maxHeight =
        nodes.values().stream()
            .filter(n -> n.node != null)
            .mapToLong(n -> n.node.ledger().height())
            .max()
            .orElse(0);
    List<String> faultLines = new ArrayList<>();
    for (Fault f : faults) {
      faultLines.add(f.toString());
    }
    return new SimResult(
        seed,
        network.traceDigest(),
        checks,
        maxHeight,
        committedTxs,
        scheduler.nowMicros() - START_MICROS,
        System.nanoTime() - wallStart,
        faultLines);
  }

  // ---- Nodes -----------------------------------------------------------------------------------

  private void boot(SimNode slot) {
    NodeId id = slot.id;
    EventLog log =
        new MemoryEventLog(
            id.name(), network.clock(id), logs, LOG_RECORDS_MAX, EventLog.Level.INFO);
    NodeRuntime runtime =
        new NodeRuntime(
            network.clock(id),
            network.timers(id),
            network.transport(id),
            slot.disk,
            network.entropy(id),
            log);
    Ledger ledger;
    try {
      ledger = Ledger.open(slot.disk, genesis, ChainCodeRegistry.builtins());
    } catch (GenesisException e) {
      throw new IllegalStateException(e);
    }
    List<NodeId> peers = new ArrayList<>(ids);
    peers.remove(id);
    ConsensusConfig config =
        ConsensusConfig.DEFAULT.withCanary(slot.honest ? options.canary() : Canary.NONE);
    slot.node =
        new ConsensusNode(
            id,
            runtime,
            ledger,
            slot.key,
            peers,
            config,
            ByzantineOutbox.factory(
                slot.behaviour, coalition, network.entropy(id).fork("byzantine")),
            this::onCommitted);
    slot.node.start();
  }

  private void onCommitted(
      NodeId node, ExecutedBlock block, io.ledgerlab.ledger.block.CommitCertificate cert) {
    SimNode slot = nodes.get(node);
    if (!slot.honest) {
      return;
    }
    long now = scheduler.nowMicros() - START_MICROS;
    commits
        .computeIfAbsent(node.name(), k -> new ArrayList<>())
        .add(new LivenessCheck.Commit(now, block.block().height()));
    for (Transaction tx : block.block().transactions()) {
      if (history.isOpen(tx.hash())) {
        history.complete(
            now,
            node.name(),
            History.Type.OK,
            tx.hash(),
            "height " + block.block().height() + " on " + node.name());
        committedTxs++;
      }
    }
    for (DuplicateVoteEvidence e : block.block().evidence()) {
      if (committedEvidence.add(e.hash())) {
        accusedValidators.add(e.first().validator());
      }
    }
  }

  // ---- Load ------------------------------------------------------------------------------------

  private void scheduleLoad(Entropy random, long intervalMicros) {
    scheduler.schedule(
        intervalMicros,
        () -> {
          if (scheduler.nowMicros() - START_MICROS < options.durationMicros()) {
            submitOne(random);
            scheduleLoad(random, intervalMicros);
          }
        });
  }

  private void submitOne(Entropy random) {
    List<SimNode> targets = new ArrayList<>();
    for (SimNode n : nodes.values()) {
      if (n.honest && network.state(n.id) == SimNetwork.State.UP) {
        targets.add(n);
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    SimNode target = targets.get(random.nextInt(targets.size()));
    int from = random.nextInt(ACCOUNTS);
    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    KeyPair sender = accounts.get(from);
    Transaction tx =
        Transaction.sign(
            CHAIN_ID,
            sender,
            target.node.nextNonce(sender.address()),
            new Payload.Transfer(accounts.get(to).address(), 1 + random.nextInt(1_000)));
    if (history.isOpen(tx.hash())) {
      return;
    }
    long now = scheduler.nowMicros() - START_MICROS;
    String client = "client@" + target.id.name();
    history.invoke(now, client, tx.hash());
    TxCheck check = target.node.submit(tx);
    if (!check.isOk()) {
      history.complete(now, client, History.Type.FAIL, tx.hash(), check.toString());
    }
  }

  // ---- Nemesis ---------------------------------------------------------------------------------

  private void apply(Fault f) {
    switch (f.kind()) {
      case PARTITION:
        network.partition(f.targets());
        break;
      case ONE_WAY:
        for (NodeId a : f.targets().get(0)) {
          for (NodeId b : f.targets().get(1)) {
            network.cutOneWay(a, b);
          }
        }
        break;
      case LOSS:
        for (NodeId victim : f.targets().get(0)) {
          LinkModel lossy =
              new LinkModel(LINK.latencyMicros(), LINK.jitterMicros(), f.amount() / 100.0, 0.05);
          for (NodeId other : ids) {
            if (!other.equals(victim)) {
              network.setLink(victim, other, lossy);
              network.setLink(other, victim, lossy);
            }
          }
        }
        break;
      case CRASH:
        for (NodeId victim : f.targets().get(0)) {
          crash(nodes.get(victim));
        }
        break;
      case PAUSE:
        f.targets().get(0).forEach(network::pause);
        break;
      case CLOCK_SKEW:
        for (NodeId victim : f.targets().get(0)) {
          network.skewClock(victim, f.amount(), f.amount() > 0 ? 2_000 : -2_000);
        }
        break;
      default:
        throw new IllegalStateException("unknown fault " + f.kind());
    }
  }

  private void heal(Fault f) {
    switch (f.kind()) {
      case PARTITION:
      case ONE_WAY:
      case LOSS:
        network.heal();
        break;
      case CRASH:
        for (NodeId victim : f.targets().get(0)) {
          restart(nodes.get(victim));
        }
        break;
      case PAUSE:
        f.targets().get(0).forEach(network::resume);
        break;
      case CLOCK_SKEW:
        f.targets().get(0).forEach(id -> network.skewClock(id, 0, 0));
        break;
      default:
        throw new IllegalStateException("unknown fault " + f.kind());
    }
  }

  private void crash(SimNode slot) {
    if (network.state(slot.id) == SimNetwork.State.CRASHED) {
      return;
    }
    network.crash(slot.id);
    slot.node.stop();
    slot.node = null;
    slot.disk.crash(
        entropy.fork("crash/" + slot.id.name() + "/" + scheduler.nowMicros()).nextInt(2));
  }

  private void restart(SimNode slot) {
    if (network.state(slot.id) != SimNetwork.State.CRASHED) {
      return;
    }
    network.restart(slot.id);
    boot(slot);
  }

  private void healEverything() {
    network.heal();
    for (SimNode n : nodes.values()) {
      network.skewClock(n.id, 0, 0);
      network.resume(n.id);
      restart(n);
    }
  }

  // ---- Checks ----------------------------------------------------------------------------------

  private List<CheckResult> checks(long healedAtMicros) {
    List<NodeChain> chains = new ArrayList<>();
    for (SimNode n : nodes.values()) {
      chains.add(new NodeChain(n.id.name(), n.node.ledger(), n.honest));
    }
    Set<Address> accountAddresses = new HashSet<>();
    for (KeyPair k : accounts) {
      accountAddresses.add(k.address());
    }
    List<CheckResult> out = new ArrayList<>();
    out.add(ChainChecks.safety(chains));
    out.add(ChainChecks.stateAgreement(chains));
    java.util.Set<String> honestNames = new java.util.TreeSet<>();
    for (SimNode n : nodes.values()) {
      if (n.honest) {
        honestNames.add(n.id.name());
      }
    }
    out.add(
        LivenessCheck.check(
            honestNames, commits, healedAtMicros, SimOptions.LIVENESS_BOUND_MICROS));
    out.add(ChainChecks.durability(chains, history));
    out.add(ChainChecks.validity(chains, accountAddresses));
    out.add(evidenceCheck());
    return out;
  }

  /** Evidence never accuses an honest validator, and names every equivocator it caught. */
  private CheckResult evidenceCheck() {
    Set<Address> honestValidators = new HashSet<>();
    for (SimNode n : nodes.values()) {
      if (n.honest) {
        honestValidators.add(n.key.address());
      }
    }
    for (Address accused : accusedValidators) {
      if (honestValidators.contains(accused)) {
        return CheckResult.invalid("evidence", "an honest validator was accused: " + accused);
      }
    }
    return CheckResult.valid(
        "evidence",
        committedEvidence.size()
            + " pieces of equivocation evidence committed against "
            + accusedValidators.size()
            + " validators, none honest");
  }

  private String progressLine(long simMicros) {
    long height = 0;
    for (SimNode n : nodes.values()) {
      if (n.node != null && n.honest) {
        height = Math.max(height, n.node.ledger().height());
      }
    }
    return String.format(
        java.util.Locale.ROOT,
        "  t=%6.1fs height=%d committed=%d delivered=%d",
        simMicros / 1e6,
        height,
        committedTxs,
        network.deliveredMessages());
  }

  /** The nodes' structured events, merged: the one timeline of the run. */
  /** Every honest node's commits: time since the start of the run, and height. */
  public Map<String, List<LivenessCheck.Commit>> commits() {
    Map<String, List<LivenessCheck.Commit>> out = new TreeMap<>();
    commits.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  /** The virtual time at which every run starts; log timestamps count from it. */
  public static long startMicros() {
    return START_MICROS;
  }

  public List<LogRecord> logs() {
    return logs;
  }

  /** Committed evidence hashes. */
  public Set<Hash> committedEvidence() {
    return committedEvidence;
  }

  /** Validators accused by committed evidence. */
  public Set<Address> accusedValidators() {
    return accusedValidators;
  }

  /** The address of node {@code name}'s validator key. */
  public Address validatorOf(String name) {
    return nodes.get(NodeId.of(name)).key.address();
  }

  /** The ledger of a node, for tests. */
  public Ledger ledger(String name) {
    return nodes.get(NodeId.of(name)).node.ledger();
  }

  /** The network, for tests that inject faults by hand. */
  public SimNetwork network() {
    return network;
  }
}
