package io.ledgerlab.lab.run;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.BlockFollower;
import io.ledgerlab.lab.load.Cluster;
import io.ledgerlab.lab.load.LoadGenerator;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.load.Workload;
import io.ledgerlab.lab.load.WorkloadProvider;
import io.ledgerlab.lab.load.Workloads;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.NodeLauncher;
import io.ledgerlab.lab.process.ProcessNetwork;
import io.ledgerlab.lab.process.RunFiles;
import io.ledgerlab.lab.process.RunLayout;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisParser;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A scenario on real node processes, in fixed phases: start the network → warm up → workload under
 * faults → heal everything → liveness and quiet period → final reads → checks. The network is torn
 * down in every case, also when a phase fails or the run is interrupted.
 */
public final class ProcessScenarioRun {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Scenario scenario;
  private final RunLayout run;
  private final Consumer<String> console;
  private final FaultWindows faults = new FaultWindows();
  private final List<RunSummary.Phase> phases = new ArrayList<>();
  private long runStartNanos;

  public ProcessScenarioRun(Scenario scenario, RunLayout run, Consumer<String> console) {
    this.scenario = scenario;
    this.run = run;
    this.console = console;
  }

  /** Runs the scenario; the summary the report is made from. */
  public RunSummary run(String scenarioText) throws IOException, InterruptedException {
    Network network = scenario.network();
    RunFiles.create(run, network, scenarioText);
    Files.writeString(run.root().resolve("scenario.yaml"), scenarioText);
    NodeLauncher launcher =
        NodeLauncher.ofCurrentJvm(network.launch().command(), network.launch().jvmOptions());
    launcher.check();
    launcher.prepareClassDataArchive();
    Instant startedAt = Instant.now();
    runStartNanos = System.nanoTime();
    try (JsonLogWriter labLog =
            new JsonLogWriter(run.supervisorLog(), "lab", new SystemClock(), EventLog.Level.INFO);
        ProcessNetwork net =
            ProcessNetwork.start(
                run, network, launcher, ProcessHandle.current().pid(), labLog, () -> {})) {
      // Ctrl-C: stop the nodes before the JVM goes (they would also notice our PID is gone).
      Thread teardown = new Thread(net::close, "run-teardown");
      Runtime.getRuntime().addShutdownHook(teardown);
      try {
        return phases(net, labLog, startedAt);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(teardown);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook is running.
        }
      }
    }
  }

  private RunSummary phases(ProcessNetwork net, JsonLogWriter labLog, Instant startedAt)
      throws IOException, InterruptedException {
    Network network = scenario.network();
    console.accept("starting " + network.nodes().size() + " node processes");
    if (!net.awaitHeight(1, START_TIMEOUT)) {
      throw new IOException(
          "the network committed no block within "
              + START_TIMEOUT.toSeconds()
              + " s; see "
              + run.logs());
    }
    phase("start", 0);
    List<NodeClient> clients = net.names().stream().map(net::client).toList();
    List<NodeClient> honest =
        network.nodes().stream()
            .filter(Network.NodeSpec::honest)
            .map(n -> net.client(n.name()))
            .toList();
    Cluster cluster = new Cluster(honest);
    List<KeyPair> keys = RunFiles.accounts(run);
    List<Address> addresses = keys.stream().map(KeyPair::address).toList();
    Workload workload =
        Workloads.available()
            .get(scenario.workload().kind())
            .create(
                new WorkloadProvider.Context(addresses, scenario.seed()),
                scenario.workload().options());
    History history = new History(5_000_000);
    LoadRecorder recorder = new LoadRecorder();
    try (HeightSampler heights = new HeightSampler(clients, runStartNanos)) {
      double warmupStart = now();
      if (scenario.workload().warmupMicros() > 0) {
        console.accept("warming up for " + scenario.workload().warmupMicros() / 1_000_000 + " s");
        LoadGenerator warmup =
            generator(
                workload,
                cluster,
                keys,
                new History(5_000_000),
                new LoadRecorder(),
                scenario.workload().warmupMicros());
        try (BlockFollower f = new BlockFollower(cluster, warmup, 100).start()) {
          warmup.run();
        }
      }
      phases.add(new RunSummary.Phase("warm-up", warmupStart, now()));
      double loadStart = now();
      LoadGenerator generator =
          generator(
              workload, cluster, keys, history, recorder, scenario.workload().durationMicros());
      console.accept("signing the load's transactions ahead of sending");
      generator.presign();
      loadStart = now();
      try (BlockFollower follower = new BlockFollower(cluster, generator, 50).start();
          FaultDriver driver = new FaultDriver(net, faults, labLog, this::now, console);
          ConsoleProgress progress =
              new ConsoleProgress(
                  console,
                  recorder,
                  faults,
                  loadStart,
                  scenario.workload().durationMicros() / 1e6,
                  this::now)) {
        driver.start(
            scenario.schedule(),
            scenario.nemesis(),
            scenario.seed(),
            network,
            scenario.workload().durationMicros());
        generator.run();
        progress.close();
        driver.stopAndHeal();
        phases.add(new RunSummary.Phase("load under faults", loadStart, now()));
        double healAt = now();
        heights.sample();
        long highestAtHeal = heights.highest();
        CheckResult liveness = liveness(net, honest, heights, highestAtHeal, healAt);
        phases.add(new RunSummary.Phase("heal + liveness", healAt, now()));
        double quietStart = now();
        Thread.sleep(scenario.checks().quietMicros() / 1_000);
        phases.add(new RunSummary.Phase("quiet", quietStart, now()));
        follower.close();
        double readsStart = now();
        List<CheckResult> checks = finalChecks(net, honest, addresses, history, liveness);
        phases.add(new RunSummary.Phase("final reads + checks", readsStart, now()));
        synchronized (history) {
          history.closeOpen((System.nanoTime() - runStartNanos) / 1_000);
        }
        Histories.write(history, run.root().resolve("history.jsonl"));
        checks.addAll(
            Thresholds.check(
                scenario.checks().thresholds(),
                recorder,
                scenario.workload().durationMicros() / 1e6));
        return Summaries.of(
            scenario,
            "process",
            startedAt,
            now(),
            checks,
            recorder,
            history,
            heights.series(),
            faults.all(),
            phases,
            healAt);
      }
    }
  }

  private LoadGenerator generator(
      Workload workload,
      Cluster cluster,
      List<KeyPair> keys,
      History history,
      LoadRecorder recorder,
      long durationMicros) {
    Scenario.WorkloadSpec w = scenario.workload();
    return new LoadGenerator(
        workload,
        cluster,
        keys,
        scenario.network().chainId(),
        history,
        recorder,
        new LoadGenerator.Config(w.shape(), w.clients(), durationMicros * 1_000, w.batch()),
        runStartNanos);
  }

  /** After the heal, every honest node must commit above the highest height seen at the heal. */
  private CheckResult liveness(
      ProcessNetwork net,
      List<NodeClient> honest,
      HeightSampler heights,
      long highestAtHeal,
      double healAt)
      throws InterruptedException {
    long bound = scenario.checks().livenessMicros();
    long deadline = System.nanoTime() + bound * 1_000;
    Set<String> behind = new HashSet<>();
    while (System.nanoTime() < deadline) {
      heights.sample();
      behind.clear();
      for (NodeClient c : honest) {
        if (heights.latest(c.node()) <= highestAtHeal) {
          behind.add(c.node());
        }
      }
      if (behind.isEmpty()) {
        return CheckResult.valid(
            "liveness",
            String.format(
                "every honest node committed above height %d within %.1f s of the heal (bound %d s)",
                highestAtHeal, now() - healAt, bound / 1_000_000));
      }
      Thread.sleep(200);
    }
    return CheckResult.invalid(
        "liveness",
        behind
            + " committed nothing above height "
            + highestAtHeal
            + " within "
            + bound / 1_000_000
            + " s of the heal");
  }

  private List<CheckResult> finalChecks(
      ProcessNetwork net,
      List<NodeClient> honest,
      List<Address> addresses,
      History history,
      CheckResult liveness)
      throws IOException {
    console.accept("final reads: every honest node's chain, block by block");
    Genesis genesis;
    try {
      genesis =
          new GenesisParser().parse(run.genesis().toString(), Files.readString(run.genesis()));
    } catch (io.ledgerlab.ledger.genesis.GenesisException e) {
      throw new IOException(e.getMessage(), e);
    }
    ChainAudit audit = new ChainAudit(genesis);
    honest.forEach(audit::read);
    Set<Hash> acknowledged = new HashSet<>();
    synchronized (history) {
      history.entries().stream()
          .filter(e -> e.type() == History.Type.OK)
          .forEach(e -> acknowledged.add(e.tx()));
    }
    List<CheckResult> checks = new ArrayList<>();
    checks.add(audit.safety());
    checks.add(audit.stateAgreement());
    checks.add(liveness);
    checks.add(audit.durability(acknowledged));
    checks.add(audit.supply(honest, addresses));
    return checks;
  }

  private void phase(String name, double start) {
    phases.add(new RunSummary.Phase(name, start, now()));
  }

  private double now() {
    return (System.nanoTime() - runStartNanos) / 1e9;
  }
}
