package io.ledgerlab.lab.run;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.LivenessCheck;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.sim.SimOptions;
import io.ledgerlab.lab.sim.SimResult;
import io.ledgerlab.lab.sim.SimRun;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.runtime.log.LogRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A scenario in the deterministic simulator: the same network, load rate and checks, in virtual
 * time. The simulator draws its faults from the seed: a timed schedule is run as a random nemesis
 * of the same kinds (partitions, crashes, clock skew), which is what the simulator can replay bit
 * for bit.
 */
public final class SimScenarioRun {
  private final Scenario scenario;
  private final Consumer<String> console;

  public SimScenarioRun(Scenario scenario, Consumer<String> console) {
    this.scenario = scenario;
    this.console = console;
  }

  /** The simulator's options for this scenario; throws naming what the simulator cannot run. */
  public SimOptions options() {
    Network network = scenario.network();
    List<Network.NodeSpec> byzantine = network.byzantine();
    Behaviour behaviour = byzantine.isEmpty() ? Behaviour.HONEST : byzantine.get(0).behaviour();
    for (Network.NodeSpec n : byzantine) {
      if (n.behaviour() != behaviour) {
        throw new IllegalArgumentException(
            "the sim engine runs one Byzantine behaviour; this network mixes "
                + behaviour
                + " and "
                + n.behaviour());
      }
    }
    return new SimOptions(
        network.nodes().size(),
        byzantine.size(),
        behaviour,
        false,
        profile(),
        scenario.workload().ratePerSecond(),
        scenario.workload().durationMicros(),
        Canary.NONE);
  }

  private FaultProfile profile() {
    if (scenario.nemesis().isPresent()) {
      return scenario.nemesis().get().profile();
    }
    boolean partitions = false;
    boolean crashes = false;
    boolean skew = false;
    for (Scenario.FaultStep s : scenario.schedule()) {
      switch (s.request().path("action").asText()) {
        case "kill", "stop", "restart", "pause" -> crashes = true;
        case "skew" -> skew = true;
        default -> partitions = true;
      }
    }
    int kinds = (partitions ? 1 : 0) + (crashes ? 1 : 0) + (skew ? 1 : 0);
    if (kinds == 0) {
      return FaultProfile.NONE;
    }
    if (kinds > 1) {
      return FaultProfile.ALL;
    }
    return partitions
        ? FaultProfile.PARTITIONS
        : crashes ? FaultProfile.CRASHES : FaultProfile.CLOCK_SKEW;
  }

  public RunSummary run() {
    SimOptions options = options();
    SimRun sim = new SimRun(options, scenario.seed());
    console.accept(
        "simulating "
            + options.validators()
            + " validators ("
            + options.byzantine()
            + " Byzantine), faults "
            + options.faults()
            + ", seed "
            + scenario.seed());
    Instant startedAt = Instant.now();
    SimResult result = sim.run(line -> console.accept("  " + line));
    console.accept(
        "trace digest "
            + result.traceDigest()
            + String.format(" (%.0fx real time)", result.speed()));
    List<CheckResult> checks = result.checks();
    List<RunSummary.Check> out = new ArrayList<>();
    double end = result.simulatedMicros() / 1e6;
    double healAt = options.durationMicros() / 1e6;
    for (CheckResult c : checks) {
      out.add(
          new RunSummary.Check(
              c.name(),
              c.validity().name(),
              c.details(),
              c.validity() == io.ledgerlab.lab.check.Validity.VALID ? null : healAt));
    }
    List<RunSummary.Series> heights = new ArrayList<>();
    for (Map.Entry<String, List<LivenessCheck.Commit>> e : sim.commits().entrySet()) {
      List<double[]> points = new ArrayList<>();
      e.getValue().forEach(c -> points.add(new double[] {c.timeMicros() / 1e6, c.height()}));
      heights.add(new RunSummary.Series(e.getKey(), points));
    }
    List<RunSummary.FaultWindow> faults = new ArrayList<>();
    for (Fault f : sim.faults()) {
      faults.add(
          new RunSummary.FaultWindow(
              f.kind().name().toLowerCase(),
              f.toString(),
              f.startMicros() / 1e6,
              (f.startMicros() + f.durationMicros()) / 1e6));
    }
    RunSummary.Stats stats =
        new RunSummary.Stats(
            result.committedTransactions(),
            result.committedTransactions(),
            0,
            result.committedTransactions(),
            0,
            result.committedTransactions() / (options.durationMicros() / 1e6),
            Map.of());
    return new RunSummary(
        scenario.name(),
        "sim",
        scenario.seed(),
        startedAt.toString(),
        end,
        CheckResult.overall(checks).name(),
        out,
        stats,
        List.of(new RunSummary.Series("committed/s", committedPerSecond(sim))),
        List.of(),
        heights,
        faults,
        List.of(
            new RunSummary.Phase("load under faults", 0, healAt),
            new RunSummary.Phase("heal + quiet", healAt, end)));
  }

  /** Transactions committed per simulated second, from the first honest node's log. */
  private static List<double[]> committedPerSecond(SimRun sim) {
    TreeMap<Long, Long> bySecond = new TreeMap<>();
    String node = null;
    for (LogRecord r : sim.logs()) {
      if (!r.event().equals("block.committed")) {
        continue;
      }
      if (node == null) {
        node = r.node();
      }
      if (r.node().equals(node)) {
        long second = (r.tsMicros() - SimRun.startMicros()) / 1_000_000;
        bySecond.merge(second, r.number("txs", 0), Long::sum);
      }
    }
    List<double[]> points = new ArrayList<>();
    bySecond.forEach((s, n) -> points.add(new double[] {s, n}));
    return points;
  }
}
