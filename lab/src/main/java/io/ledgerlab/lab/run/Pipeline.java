package io.ledgerlab.lab.run;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Checker;
import io.ledgerlab.lab.check.Checkers;
import io.ledgerlab.lab.check.NodeInfo;
import io.ledgerlab.lab.check.NodeRead;
import io.ledgerlab.lab.check.ReplayChecker;
import io.ledgerlab.lab.check.RunRecord;
import io.ledgerlab.lab.check.ThresholdChecker;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.EngineProvider;
import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.NodeEvent;
import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.governance.CodePlacement;
import io.ledgerlab.lab.governance.GovernanceDriver;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.BlockFollower;
import io.ledgerlab.lab.load.LoadGenerator;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.load.Workload;
import io.ledgerlab.lab.load.WorkloadProvider;
import io.ledgerlab.lab.load.Workloads;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.monitor.Monitor;
import io.ledgerlab.lab.nemesis.FaultDriver;
import io.ledgerlab.lab.nemesis.FaultStep;
import io.ledgerlab.lab.nemesis.FaultWindows;
import io.ledgerlab.lab.nemesis.Faults;
import io.ledgerlab.lab.nemesis.RandomNemesis;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.Governance;
import io.ledgerlab.lab.target.ReplayResult;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.time.Clock;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one run pipeline, for every engine and target: start → warm-up → load under faults → heal →
 * liveness → quiet → final reads → checks → summary. It knows engines and targets only through
 * their interfaces. Everything it does over time goes through the engine's {@link Timeline}, so a
 * simulated run is deterministic and a real one runs on the wall clock, with the same code.
 *
 * <p>Whatever happens — a check fails, a phase breaks, Ctrl-C — every node is stopped and a summary
 * of what ran is returned, marked {@code completed}, {@code failed} or {@code interrupted}.
 */
public final class Pipeline {
  private static final long START_TIMEOUT_MICROS = 90_000_000;
  private static final long FOLLOW_POLL_MICROS = 50_000;
  private static final long LIVENESS_POLL_MICROS = 200_000;
  private static final long DRAIN_MICROS = 60_000_000;

  private final Scenario scenario;
  private final RunLayout run;
  private final String scenarioText;
  private final Consumer<String> console;
  private final Target target;
  private List<Checker> checkers;
  private final List<RunSummary.Phase> phases = new ArrayList<>();
  private final List<NodeEvent> nodeEvents = new ArrayList<>();
  private final FaultWindows windows = new FaultWindows();
  private final Map<String, Long> exitWindows = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Object interruption = new Object();
  private Thread runner;
  private boolean closing;
  private volatile Engine engine;

  /** The run's Prometheus, while it runs; null without monitoring. */
  private volatile Monitor monitor;

  private volatile boolean interrupted;
  private History history = new History(ScenarioParser.HISTORY_ENTRIES_MAX);
  private LoadRecorder recorder = new LoadRecorder();
  private double healSeconds = -1;

  /** How long the measured load ran: its own phase, not what the scenario asked for. */
  private double loadSeconds;

  /** When the measured load started, or -1 before it did. */
  private double loadStartSeconds = -1;

  private HeightSampler sampler;

  /** Drives the scenario's governance steps; null when it has none. */
  private GovernanceDriver governance;

  private String phase = "start";

  /** What the observers logged, read for the checks; none until then. */
  private io.ledgerlab.lab.check.Observations observations =
      io.ledgerlab.lab.check.Observations.NONE;

  /** Opens a live view of the run once its engine started; null for none. */
  private Watcher watcher;

  /** The live view while it is open. */
  private volatile Watching watching;

  /** The windows in which the run's Prometheus alerts fired; empty without monitoring. */
  private List<RunSummary.Alert> alerts = List.of();

  public Pipeline(Scenario scenario, RunLayout run, String scenarioText, Consumer<String> console) {
    this.scenario = scenario;
    this.run = run;
    this.scenarioText = scenarioText;
    this.console = console;
    this.target = Targets.named(scenario.network().target());
  }

  /**
   * What a live view of a running run can read: the engine (nodes, their state and endpoints), the
   * workload's own recorder, the faults in force, and the lab's log for its events.
   */
  public record Live(
      Network network,
      Engine engine,
      LoadRecorder recorder,
      FaultWindows faults,
      EventLog labLog) {}

  /**
   * A live view of the run (the dashboard): opened once the engine started, closed before it stops.
   */
  public interface Watcher {
    /**
     * @throws IOException when the view cannot start; the run goes on without it
     */
    Watching open(Live live) throws IOException;
  }

  /** An open live view; closing it stops it. */
  public interface Watching extends AutoCloseable {
    /** Where it serves the lab's Prometheus metrics ({@code /metrics}), for a scraper; or empty. */
    default Optional<java.net.URI> metricsUri() {
      return Optional.empty();
    }
  }

  /**
   * Where the run's live view serves the lab's metrics ({@code ledgerlab_lab_*}), once the engine
   * started; empty without a live view.
   */
  public Optional<java.net.URI> labMetricsUri() {
    Watching w = watching;
    return w == null ? Optional.empty() : w.metricsUri();
  }

  /** Has {@code watcher} watch the run; call before {@link #run}. */
  public Pipeline watchedBy(Watcher watcher) {
    this.watcher = watcher;
    return this;
  }

  /**
   * Runs the scenario and returns its summary; the run directory also gets the history and every
   * node's log.
   *
   * @throws IOException when the run directory cannot be created or the engine cannot start
   */
  public RunSummary run() throws IOException {
    synchronized (interruption) {
      runner = Thread.currentThread();
      if (interrupted) {
        runner.interrupt();
      }
    }
    try {
      return runInDirectory();
    } finally {
      done.countDown();
    }
  }

  /**
   * Stops the run from another thread (a Ctrl-C hook): every node is stopped and {@link #run}
   * returns the summary of what ran so far, marked interrupted. Waits up to {@code seconds} for
   * that.
   */
  public boolean interrupt(long seconds) throws InterruptedException {
    synchronized (interruption) {
      interrupted = true;
      // Once the run is closing, an interrupt would only break the writing of its report.
      if (runner != null && !closing) {
        runner.interrupt();
      }
    }
    if (done.await(seconds, TimeUnit.SECONDS)) {
      return true;
    }
    Engine e = engine;
    if (e != null) {
      e.close();
    }
    Monitor m = monitor;
    if (m != null) {
      m.close();
    }
    return false;
  }

  private RunSummary runInDirectory() throws IOException {
    if (Files.exists(run.root())) {
      throw new FileAlreadyExistsException(
          run.root().toString(), null, "the run directory already exists; choose another");
    }
    Files.createDirectories(run.logs());
    Files.writeString(run.root().resolve("scenario.yaml"), scenarioText);
    EngineProvider provider = Engines.named(scenario.engine());
    // Before any node starts: a run that asks for monitoring and cannot have it is refused.
    Monitor.check(scenario.network());
    Chain chain =
        target.deploy(
            scenario.network(), run, keys(provider, scenario.seed()), provider.genesisTimeMicros());
    placeCode();
    Instant startedAt = Instant.now();
    long wallStart = System.nanoTime();
    Timeline[] time = new Timeline[1];
    Clock labClock =
        () ->
            time[0] == null
                ? System.currentTimeMillis() * 1_000
                : time[0].epochMicrosAtZero() + time[0].nowMicros();
    try (JsonLogWriter labLog =
        new JsonLogWriter(run.labLog(), "lab", labClock, EventLog.Level.INFO)) {
      console.accept(
          "starting "
              + scenario.network().nodes().size()
              + (target.name().equals(Targets.DEFAULT) ? "" : " " + target.name())
              + (scenario.network().nodes().size() == 1 ? " node" : " nodes")
              + observerNames()
              + " on the "
              + provider.name()
              + " engine"
              // The Byzantine bound is stated where the target has validators to accuse.
              + (target.checks().contains("evidence")
                  ? "; " + scenario.network().toleranceSentence() + byzantineNames()
                  : ""));
      Engine e =
          provider.start(
              new Deployment(
                  scenario.network(), chain, run, scenario.seed(), labLog, scenario.signatures()));
      engine = e;
      time[0] = e.timeline();
      watching = watch(e, labLog);
      String status = RunSummary.COMPLETED;
      List<CheckResult> checks = List.of();
      Exception broke = null;
      double end;
      try {
        e.onNodeEvent(this::nodeEvent);
        monitor =
            Monitor.start(scenario.network(), e, run, labMetricsUri(), labLog, console)
                .orElse(null);
        checks = phases(e, chain, labLog);
      } catch (InterruptedException | IOException | RuntimeException x) {
        broke = x;
      }
      synchronized (interruption) {
        closing = true;
      }
      // From here on nothing interrupts this thread: clear what arrived before, then write.
      Thread.interrupted();
      try {
        if (broke != null) {
          Exception x = broke;
          // A call cut short by the interruption can surface as any exception: the flag decides.
          if (interrupted || x instanceof InterruptedException) {
            status = RunSummary.INTERRUPTED;
            console.accept(
                "interrupted during "
                    + phase
                    + ": stopping "
                    + scenario.network().nodes().size()
                    + " nodes");
            notes.add("interrupted during the " + phase + " phase: the checks did not run");
            checks = notRun("the run was interrupted during " + phase);
            Files.writeString(run.interruptedMark(), "interrupted during " + phase + "\n");
          } else {
            status = RunSummary.FAILED;
            console.accept("the run failed during " + phase + ": " + x.getMessage());
            notes.add("the run failed during the " + phase + " phase: " + x);
            checks = notRun("the run failed during " + phase);
          }
        }
      } finally {
        end = e.timeline().nowMicros() / 1e6;
        try {
          // Before anything stops: the nodes' stop is no alert the run raised.
          Monitor m = monitor;
          if (m != null) {
            alerts = alerts(m, e.timeline().epochMicrosAtZero(), labLog);
          }
        } finally {
          unwatch();
          Monitor m = monitor;
          if (m != null) {
            m.close();
          }
          e.close();
        }
      }
      // What was sent and never seen in a block is unknown, however the run ended.
      synchronized (history) {
        history.closeOpen(e.timeline().nowMicros());
      }
      if (loadStartSeconds >= 0 && loadSeconds == 0) {
        // Cut short during the load: its phase and its rate are what ran of it.
        phases.add(new RunSummary.Phase("load under faults", loadStartSeconds, end));
        loadSeconds = end - loadStartSeconds;
        recorder.loadWindow(loadStartSeconds, end);
      }
      synchronized (history) {
        notes.addAll(Summaries.outcomeNotes(history));
      }
      if (e.timeline().virtual()) {
        notes.add(
            "in the simulator a client call takes no virtual time: accepted and read latencies"
                + " are the generator's 1 ms batching wait; commit latency is the chain's");
      }
      Histories.write(history, run.root().resolve("history.jsonl"));
      String digest = e.traceDigest().orElse("");
      if (!digest.isEmpty()) {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        console.accept(
            String.format(
                Locale.ROOT,
                "trace digest %s (%.0f simulated s in %.1f wall s)",
                digest,
                end,
                wall));
      }
      return new RunSummary(
          scenario.name(),
          provider.name(),
          scenario.seed(),
          startedAt.toString(),
          end,
          status,
          CheckResult.overall(checks).name(),
          Summaries.checks(checks),
          Summaries.stats(recorder, history, loadSeconds),
          Summaries.throughput(recorder),
          Summaries.latencySeries(recorder),
          Summaries.heights(sampler == null ? Map.of() : sampler.series()),
          Summaries.faults(scenario.network(), windows, end),
          phases,
          Summaries.network(scenario.network()),
          e.timeline().epochMicrosAtZero(),
          digest,
          notes,
          Summaries.observers(scenario.network(), observations),
          alerts,
          scenario.signatures().key());
    }
  }

  /** The alert windows, or none with a note of why they could not be read. */
  private List<RunSummary.Alert> alerts(Monitor monitor, long zeroMicros, EventLog labLog) {
    try {
      List<RunSummary.Alert> out = monitor.alerts(zeroMicros);
      notes.add(
          "monitoring: the run's Prometheus ("
              + Monitor.directory(run)
              + ") saw "
              + (out.isEmpty() ? "no alert fire" : out.size() + " alert window(s); see Alerts"));
      monitor.coarseStepNote().ifPresent(notes::add);
      return out;
    } catch (IOException | RuntimeException x) {
      notes.add("the alerts of the run's Prometheus could not be read: " + x.getMessage());
      labLog.warn("lab.monitoring.failed", Map.of("reason", String.valueOf(x.getMessage())));
      console.accept("alerts: could not be read: " + x.getMessage());
      return List.of();
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      notes.add("the alerts of the run's Prometheus were not read: the run was interrupted");
      return List.of();
    }
  }

  /** Opens the watcher; a watcher that cannot start is said, and the run goes on without it. */
  private Watching watch(Engine e, EventLog labLog) {
    if (watcher == null) {
      return null;
    }
    try {
      return watcher.open(new Live(scenario.network(), e, recorder, windows, labLog));
    } catch (IOException | RuntimeException x) {
      console.accept("the live view did not start: " + x.getMessage());
      return null;
    }
  }

  private void unwatch() {
    Watching w = watching;
    watching = null;
    if (w == null) {
      return;
    }
    try {
      w.close();
    } catch (Exception x) {
      console.accept("the live view did not stop cleanly: " + x);
    }
  }

  /**
   * Where a run's keys come from. In one JVM on virtual time they are drawn from the seed, so the
   * same seed gives the same run bit for bit; nodes that run as processes or containers keep real
   * key files, which must not be derivable from a seed the run directory and its report print.
   */
  public static io.ledgerlab.runtime.entropy.Entropy keys(EngineProvider engine, long seed) {
    return engine.capabilities().launchesProcesses()
        ? new io.ledgerlab.runtime.entropy.SystemEntropy()
        : SeededEntropy.of(seed).fork("keys");
  }

  /**
   * Puts the jars the scenario's governance installs into each node's code directory, before any
   * node starts: which node carries which is {@link CodePlacement#jarsFor}'s decision.
   */
  private void placeCode() throws IOException {
    for (Network.NodeSpec n : scenario.network().nodes()) {
      for (java.nio.file.Path jar :
          CodePlacement.jarsFor(scenario.network(), scenario.governance(), n.name())) {
        CodePlacement.copy(jar, run.code(n.name()));
      }
    }
  }

  /** The governance driver, when the scenario drives governance; the chain must have it. */
  private GovernanceDriver governanceDriver(
      Chain chain, List<ChainClient> honest, Timeline time, EventLog labLog) throws IOException {
    if (scenario.governance().isEmpty()) {
      return null;
    }
    Governance governance =
        chain
            .governance()
            .orElseThrow(
                () ->
                    new IOException(
                        "the scenario drives governance, but the "
                            + target.name()
                            + " chain deployed has no operators the lab holds keys for"));
    return new GovernanceDriver(governance, honest, time, console, labLog);
  }

  /** " (o0, o1 observe)" when the network has observers, else "". */
  private String observerNames() {
    List<String> names =
        scenario.network().observers().stream().map(Network.NodeSpec::name).toList();
    return names.isEmpty()
        ? ""
        : " (" + String.join(", ", names) + (names.size() == 1 ? " observes)" : " observe)");
  }

  private String byzantineNames() {
    List<String> names =
        scenario.network().byzantine().stream()
            .map(n -> n.name() + (n.twin() ? " (twin)" : " (" + n.behaviourName() + ")"))
            .toList();
    return names.isEmpty() ? "" : ": " + String.join(", ", names);
  }

  // ---- The phases ------------------------------------------------------------------------------

  private List<CheckResult> phases(Engine e, Chain chain, EventLog labLog)
      throws IOException, InterruptedException {
    Timeline time = e.timeline();
    Network network = scenario.network();
    List<String> honestNames = network.honest().stream().map(Network.NodeSpec::name).toList();
    List<ChainClient> all = e.nodes().stream().map(e::client).toList();
    List<ChainClient> honest = honestNames.stream().map(e::client).toList();
    Cluster cluster = new Cluster(honest, time);
    Map<String, Long> offsets = new LinkedHashMap<>();
    network.nodes().forEach(n -> offsets.put(n.name(), n.clockOffsetMicros()));
    Faults faults = new Faults(e, LinkState.of(network), offsets);
    FaultDriver driver = new FaultDriver(faults, time, windows, console, labLog);
    governance = governanceDriver(chain, honest, time, labLog);
    LoadGenerator generator = null;
    BlockFollower follower = null;
    try (HeightSampler heights = new HeightSampler(all, time)) {
      sampler = heights;
      double start = seconds(time);
      boolean started = awaitFirstBlock(time, heights, honestNames);
      if (started) {
        try {
          chain.ready(cluster);
        } catch (ClientException x) {
          throw new IOException("preparing the chain for the load failed: " + x.getMessage(), x);
        }
      }
      phase("start", start, time);
      if (started && scenario.workload().none()) {
        notes.add("the 'none' workload sent no load: the faults ran against an idle chain");
        load(e, null, null, driver);
      } else if (started) {
        warmup(time, chain, cluster);
        generator =
            generator(
                chain, cluster, time, history, recorder, scenario.workload().durationMicros());
        // The follower runs on through the heal and the quiet period: transactions in flight
        // at the end of the load still commit then.
        follower = new BlockFollower(cluster, generator, time, FOLLOW_POLL_MICROS);
        load(e, generator, follower, driver);
      } else {
        notes.add("no honest node committed a block in the start phase; no load was sent");
      }
      phase = "heal";
      double healStart = seconds(time);
      driver.healAll();
      if (governance != null) {
        governance.stop();
      }
      healSeconds = seconds(time);
      console.accept(String.format(Locale.ROOT, "[%.1fs] healed: every fault undone", healSeconds));
      labLog.info("lab.healed", Map.of("committed", recorder.committedTotal()));
      phase = "liveness";
      // Nodes that exited on their own will not progress: waiting the bound for them is pointless.
      awaitProgress(time, heights, honestNames.stream().filter(n -> e.status(n).alive()).toList());
      phase("heal + liveness", healStart, time);
      driver.failures().forEach(notes::add);
      if (governance != null) {
        notes.addAll(governance.outcomes());
      }
      phase = "quiet";
      double quietStart = seconds(time);
      time.sleep(scenario.checks().quietMicros());
      phase("quiet", quietStart, time);
      if (follower != null) {
        follower.close();
        generator.stop();
      }
      phase = "final reads";
      double readsStart = seconds(time);
      console.accept("final reads: every honest node's chain, state and balances");
      Map<String, NodeRead> reads = finalReads(e, honestNames);
      Replayed replayed = replay(e, chain, reads);
      List<NodeInfo> nodes = nodeInfos(e, chain);
      synchronized (history) {
        history.closeOpen(time.nowMicros());
      }
      phase("final reads", readsStart, time);
      phase = "checks";
      FinalReads.Logged logged = FinalReads.logged(e);
      RunRecord record =
          new RunRecord(
              nodes,
              history,
              reads,
              events(),
              heights.series(),
              healSeconds,
              scenario.checks().livenessMicros(),
              logged.commits(),
              recorder,
              loadSeconds,
              scenario.checks().thresholds(),
              logged.rejections(),
              replayed.result(),
              replayed.problem(),
              logged.observations());
      observations = logged.observations();
      return Checkers.run(checkers(), record);
    } finally {
      if (follower != null) {
        follower.close();
        generator.stop();
      }
      if (governance != null) {
        governance.stop();
      }
    }
  }

  /** Waits until every honest node has committed a block, or the start timeout passes. */
  private boolean awaitFirstBlock(Timeline time, HeightSampler heights, List<String> honest)
      throws InterruptedException {
    long deadline =
        time.nowMicros() + Math.max(START_TIMEOUT_MICROS, scenario.checks().livenessMicros());
    while (time.nowMicros() < deadline) {
      heights.sample();
      if (honest.stream().allMatch(n -> heights.latest(n) >= 1)) {
        return true;
      }
      time.sleep(100_000);
    }
    console.accept(
        "no block committed by every honest node within " + (deadline / 1_000_000) + " s");
    return false;
  }

  private void warmup(Timeline time, Chain chain, Cluster cluster) throws InterruptedException {
    long warmup = scenario.workload().warmupMicros();
    double start = seconds(time);
    if (warmup > 0) {
      phase = "warm-up";
      console.accept("warming up for " + warmup / 1_000_000 + " s");
      LoadGenerator g =
          generator(
              chain,
              cluster,
              time,
              new History(ScenarioParser.HISTORY_ENTRIES_MAX),
              new LoadRecorder(),
              warmup);
      try (BlockFollower f = new BlockFollower(cluster, g, time, FOLLOW_POLL_MICROS * 2).start()) {
        g.start();
        g.awaitEnd(time.virtual() ? 0 : DRAIN_MICROS);
      } finally {
        g.stop();
      }
    }
    phase("warm-up", start, time);
  }

  /** The load phase; with no generator (the 'none' workload) the faults run for its duration. */
  private void load(Engine e, LoadGenerator generator, BlockFollower follower, FaultDriver driver)
      throws InterruptedException {
    phase = "load";
    Timeline time = e.timeline();
    long duration = scenario.workload().durationMicros();
    if (!time.virtual() && generator != null) {
      console.accept("signing the load's transactions ahead of sending");
    }
    double signStart = seconds(time);
    if (generator != null) {
      generator.presign();
    }
    // A phase on every engine (empty in virtual time, where signing costs none), so that the
    // timeline has no unexplained gap and both engines show the same sections.
    phase("sign ahead", signStart, time);
    double start = seconds(time);
    loadStartSeconds = start;
    console.accept(
        String.format(
            Locale.ROOT,
            "[%.1fs] the load starts; the schedule's fault times count from here, the console's"
                + " from the start of the run",
            start));
    List<FaultStep> steps = new ArrayList<>(scenario.schedule());
    scenario
        .nemesis()
        .ifPresent(
            n -> {
              notes.add(
                  "random nemesis '"
                      + n.profile().key()
                      + "' drew from: "
                      + n.profile().kinds(e.faults()).stream().map(k -> k.key()).toList());
              steps.addAll(
                  RandomNemesis.draw(
                      n.profile().kinds(EnumSet.allOf(FaultKind.class)),
                      e.faults(),
                      e.nodes(),
                      duration,
                      n.intervalMicros(),
                      SeededEntropy.of(scenario.seed()).fork("nemesis")));
            });
    long end = time.nowMicros() + duration;
    if (generator != null) {
      follower.start();
      generator.start();
      end = generator.endMicros();
    }
    driver.schedule(steps, time.nowMicros(), end);
    if (governance != null) {
      governance.schedule(scenario.governance(), time.nowMicros());
    }
    try (ConsoleProgress progress =
        new ConsoleProgress(console, recorder, windows, time.nowMicros(), duration, time)) {
      if (generator != null) {
        generator.awaitEnd(time.virtual() ? 0 : DRAIN_MICROS);
      } else {
        time.sleep(Math.max(0, end - time.nowMicros()));
      }
    }
    phase("load under faults", start, time);
    loadSeconds = seconds(time) - start;
    recorder.loadWindow(start, start + loadSeconds);
  }

  private LoadGenerator generator(
      Chain chain, Cluster cluster, Timeline time, History h, LoadRecorder r, long durationMicros) {
    Scenario.WorkloadSpec w = scenario.workload();
    Workload workload =
        Workloads.available()
            .get(w.kind())
            .create(new WorkloadProvider.Context(chain.accounts(), scenario.seed()), w.options());
    return new LoadGenerator(
        workload,
        cluster,
        chain.wallet(cluster),
        h,
        r,
        new LoadGenerator.Config(w.shape(), w.clients(), durationMicros, w.batch()),
        time);
  }

  /** Polls until every honest node commits above the highest height at the heal, or the bound. */
  private void awaitProgress(Timeline time, HeightSampler heights, List<String> honest)
      throws InterruptedException {
    heights.sample();
    long target = heights.highestEver(honest);
    long deadline = time.nowMicros() + scenario.checks().livenessMicros();
    while (time.nowMicros() < deadline) {
      heights.sample();
      if (honest.stream().allMatch(n -> heights.latest(n) > target)) {
        return;
      }
      time.sleep(LIVENESS_POLL_MICROS);
    }
  }

  // ---- Reads and records ----------------------------------------------------------------------

  private Map<String, NodeRead> finalReads(Engine e, List<String> honest) {
    Map<String, NodeRead> reads = new LinkedHashMap<>();
    for (String node : honest) {
      reads.put(node, FinalReads.read(e, node));
    }
    return reads;
  }

  /** A replay, or why none was made. */
  private record Replayed(ReplayResult result, String problem) {}

  /**
   * The replay the scenario asks for, of its node or else the first honest node whose chain was
   * read, through that node's client while the network still runs.
   */
  private Replayed replay(Engine e, Chain chain, Map<String, NodeRead> reads) {
    Optional<Scenario.ReplaySpec> spec = scenario.checks().replay();
    if (spec.isEmpty()) {
      return new Replayed(null, null);
    }
    String node = spec.get().node();
    if (node == null) {
      node =
          reads.values().stream()
              .filter(r -> r.chain() != null)
              .map(NodeRead::node)
              .findFirst()
              .orElse(null);
      if (node == null) {
        return new Replayed(null, "no honest node's chain could be read");
      }
    }
    NodeRead read = reads.get(node);
    if (read == null || read.chain() == null) {
      return new Replayed(
          null, node + "'s chain could not be read: " + (read == null ? "" : read.chainError()));
    }
    console.accept(
        "replaying "
            + node
            + "'s chain ("
            + read.height()
            + " blocks) under "
            + spec.get().with().stream().map(p -> p.getFileName().toString()).toList());
    try {
      ReplayResult r = chain.replay(e.client(node), spec.get().with());
      console.accept("replay: " + r.summary());
      return new Replayed(r, null);
    } catch (ClientException | RuntimeException x) {
      notes.add("the replay of " + node + "'s chain failed: " + x.getMessage());
      return new Replayed(null, "the replay of " + node + "'s chain failed: " + x.getMessage());
    }
  }

  private List<NodeInfo> nodeInfos(Engine e, Chain chain) {
    Map<String, String> ids = chain.validatorIds();
    List<NodeInfo> out = new ArrayList<>();
    for (Network.NodeSpec n : scenario.network().nodes()) {
      NodeStatus status = e.status(n.name());
      out.add(
          new NodeInfo(
              n.name(),
              n.honest(),
              n.behaviourName(),
              n.canaryName(),
              n.power(),
              ids.getOrDefault(n.name(), ""),
              status,
              n.version(),
              n.observer()));
    }
    return out;
  }

  private synchronized void nodeEvent(NodeEvent e) {
    if (interrupted && e.type() == NodeEvent.Type.EXITED) {
      // Ctrl-C reaches the nodes too when they share the terminal: those exits are the stop.
      return;
    }
    nodeEvents.add(e);
    double at = e.atMicros() / 1e6;
    if (e.unexpectedExit()) {
      console.accept(
          String.format(
              Locale.ROOT,
              "[%.1fs] UNEXPECTED EXIT: %s exited on its own with %s; it will not be restarted",
              at,
              e.node(),
              e.exitDescription()));
      exitWindows.put(
          e.node(), windows.open("unexpected exit (code " + e.exitCode() + ")", e.node(), at));
    } else if (e.type() == NodeEvent.Type.STARTED && exitWindows.containsKey(e.node())) {
      windows.close(exitWindows.remove(e.node()), at);
    }
  }

  private synchronized List<NodeEvent> events() {
    return List.copyOf(nodeEvents);
  }

  /**
   * The standard checks the target gives evidence for, and the thresholds; the run's notes name the
   * checks left out.
   */
  private List<Checker> checkers() {
    if (checkers != null) {
      return checkers;
    }
    List<Checker> out = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (Checker c :
        Checkers.standard(
            scenario.checks().thresholds(),
            scenario.network().mixedVersions(),
            scenario.network().observers().stream().map(Network.NodeSpec::name).toList())) {
      if (c instanceof ThresholdChecker || target.checks().contains(c.name())) {
        out.add(c);
      } else {
        left.add(c.name());
      }
    }
    // Asked for by the scenario, whose parser refused it for a target that cannot replay.
    scenario.checks().replay().ifPresent(r -> out.add(new ReplayChecker()));
    if (!left.isEmpty()) {
      notes.add(
          "not checked: "
              + left
              + ": the "
              + target.name()
              + " target gives no evidence for them (docs/targets.md)");
    }
    checkers = List.copyOf(out);
    return checkers;
  }

  private List<CheckResult> notRun(String why) {
    List<CheckResult> out = new ArrayList<>();
    for (Checker c : checkers()) {
      out.add(CheckResult.unknown(c.name(), "not run: " + why));
    }
    return out;
  }

  private void phase(String name, double start, Timeline time) {
    phases.add(new RunSummary.Phase(name, start, seconds(time)));
  }

  private static double seconds(Timeline time) {
    return time.nowMicros() / 1e6;
  }
}
