package io.ledgerlab.cli;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.live.Dashboard;
import io.ledgerlab.lab.live.RunSource;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.lab.manifest.YamlSource;
import io.ledgerlab.lab.report.Reports;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.run.Pipeline;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.target.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledgerlab run scenario.yaml}: the main job. */
@Command(
    name = "run",
    description = {
      "Run a scenario: start the network, warm up, run the workload under the faults, heal,"
          + " wait out the quiet period, read every honest node's chain, check, and write a report.",
      "Writes report.html, summary.json, junit.xml, history.jsonl and every node's logs to the"
          + " run directory. Ctrl-C stops every node and still writes the report of what ran."
          + " Exit status: 0 every check passed, 1 a check failed, 2 a bad scenario, 3 the run"
          + " itself failed, 130 interrupted."
    },
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
  private static final long STOP_WAIT_SECONDS = 60;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SCENARIO", description = "The scenario file (YAML).")
  Path file;

  @Option(
      names = "--run-dir",
      description = "Where the run keeps its files. Default: runs/<name>-<UTC time>.")
  Path runDir;

  @Option(
      names = "--engine",
      description = "Override the scenario's engine: process, docker or sim.")
  String engine;

  @Option(names = "--seed", description = "Override the scenario's seed.")
  Long seed;

  @Option(names = "--duration", description = "Override the load phase's duration, e.g. 20s.")
  String duration;

  @Option(
      names = "--dashboard",
      negatable = true,
      description =
          "Serve the live dashboard on loopback while the run runs (--no-dashboard: don't)."
              + " Default: on for the process and docker engines running the reference target; the"
              + " sim engine runs in virtual time, faster than a page refreshes, and refuses it, as"
              + " do other targets, whose nodes answer no node_status.")
  Boolean dashboard;

  @Option(
      names = "--dashboard-port",
      description =
          "The dashboard's loopback port. Default: a free port. Refused when no dashboard is"
              + " served.")
  Integer dashboardPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Scenario scenario;
    String text;
    try {
      text = YamlSource.read(file, YamlSource.Kind.SCENARIO);
      scenario = overrides(ScenarioParser.parse(file.toString(), text, engine));
    } catch (ManifestException e) {
      err.println("ledgerlab run: " + e.getMessage());
      return ExitCode.USAGE;
    }
    String refused = dashboardRefusal(scenario);
    if (refused != null) {
      err.println("ledgerlab run: " + refused);
      return ExitCode.USAGE;
    }
    boolean served = dashboard == null ? servesByDefault(scenario) : dashboard;
    RunLayout run = new RunLayout(runDir != null ? runDir : RunDirs.fresh(scenario.name()));
    out.printf(
        "ledgerlab run: %s on the %s engine, seed %d, %s%s, %s for %s%n",
        scenario.name(),
        scenario.engine(),
        scenario.seed(),
        plural(scenario.network().validators().size(), "validator"),
        scenario.network().observers().isEmpty()
            ? ""
            : " and " + plural(scenario.network().observers().size(), "observer"),
        scenario.workload().describe(),
        Units.formatMicros(scenario.workload().durationMicros()));
    out.println("run directory: " + run.root());
    out.flush();
    Pipeline pipeline = new Pipeline(scenario, run, text, line -> say(out, line));
    if (served) {
      int port = dashboardPort == null ? 0 : dashboardPort;
      pipeline.watchedBy(
          live -> {
            Dashboard d =
                Dashboard.start(live.network().name(), new RunSource(live), port, live.labLog());
            say(out, "dashboard: " + d.uri());
            return d;
          });
    }
    CountDownLatch reported = new CountDownLatch(1);
    Thread onSignal =
        new Thread(
            () -> {
              say(out, "interrupted: stopping every node and writing what ran so far");
              try {
                pipeline.interrupt(STOP_WAIT_SECONDS);
                reported.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "run-interrupted");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      RunSummary summary;
      try {
        summary = pipeline.run();
      } catch (IOException | IllegalArgumentException | IllegalStateException e) {
        err.println("ledgerlab run: the run failed: " + e.getMessage());
        return ExitCode.CRASH;
      }
      Reports.write(run.root(), summary);
      printVerdicts(out, summary);
      RunDirs.setCurrentUnlessUp(run.root())
          .ifPresent(
              up ->
                  out.println(
                      "note: "
                          + RunDirs.CURRENT
                          + " still names the network 'ledgerlab up' started in "
                          + up
                          + " (status, fault, down and dashboard work on it); for this run pass"
                          + " --run-dir "
                          + run.root()));
      out.println("report: " + run.root().resolve("report.html"));
      out.flush();
      return switch (summary.status()) {
        case RunSummary.INTERRUPTED -> ExitCode.INTERRUPTED;
        case RunSummary.FAILED -> ExitCode.CRASH;
        default -> "VALID".equals(summary.verdict()) ? ExitCode.OK : ExitCode.CHECK_FAILED;
      };
    } finally {
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running and waits for the report above.
      }
    }
  }

  /** Whether a run of {@code s} serves the dashboard when no option says. */
  private static boolean servesByDefault(Scenario s) {
    return !s.engine().equals("sim") && s.network().target().equals(Targets.DEFAULT);
  }

  /** Why the dashboard options do not fit {@code s}, or null when they do. */
  private String dashboardRefusal(Scenario s) {
    if (dashboardPort != null && (dashboardPort < 0 || dashboardPort > 65_535)) {
      return "--dashboard-port: expected 0 (a free port) to 65535, got " + dashboardPort;
    }
    if (Boolean.TRUE.equals(dashboard) && s.engine().equals("sim")) {
      return "--dashboard: the sim engine runs in virtual time, faster than a page refreshes, and"
          + " its nodes have no endpoint to read; run on --engine process to watch a run live";
    }
    if (Boolean.TRUE.equals(dashboard) && !s.network().target().equals(Targets.DEFAULT)) {
      return "--dashboard: the dashboard reads each node's node_status, which only the "
          + Targets.DEFAULT
          + " target's nodes answer; this network's target is "
          + s.network().target();
    }
    boolean served = dashboard == null ? servesByDefault(s) : dashboard;
    if (dashboardPort != null && !served) {
      return "--dashboard-port: no dashboard is served for this run ("
          + (Boolean.FALSE.equals(dashboard)
              ? "--no-dashboard"
              : s.engine().equals("sim") ? "the sim engine" : "target " + s.network().target())
          + ")";
    }
    return null;
  }

  /** {@code 1 observer}, {@code 2 observers}. */
  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private Scenario overrides(Scenario s) throws ManifestException {
    if (seed != null) {
      s = s.withSeed(seed);
    }
    if (duration != null) {
      long micros =
          Units.durationMicros(duration)
              .filter(m -> m >= 1_000_000)
              .orElseThrow(
                  () ->
                      new ManifestException(
                          "--duration: expected a duration of at least 1s such as 20s, got '"
                              + duration
                              + "'"));
      for (var dropped : s.droppedBy(micros)) {
        spec.commandLine()
            .getOut()
            .println(
                "note: --duration "
                    + duration
                    + " drops the scheduled fault "
                    + dropped.fault().kind().key()
                    + " "
                    + dropped.fault().target()
                    + " at "
                    + Units.formatMicros(dropped.atMicros()));
      }
      s = s.withLoadDuration(micros);
    }
    return s;
  }

  private static void say(PrintWriter out, String line) {
    synchronized (out) {
      out.println("  " + line);
      out.flush();
    }
  }

  static void printVerdicts(PrintWriter out, RunSummary summary) {
    RunSummary.Stats st = summary.stats();
    out.printf(
        "%nworkload: %,d submitted, %,d accepted, %,d rejected, %,d committed, %,d unknown; %.0f tx/s committed%n",
        st.submitted(),
        st.accepted(),
        st.rejected(),
        st.committed(),
        st.unknown(),
        st.throughputPerSecond());
    RunSummary.Latency c = st.latencyMillis().get("committed");
    if (c != null && c.count() > 0) {
      out.printf(
          "commit latency: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
          c.p50(), c.p90(), c.p99(), c.max());
    }
    out.println("network: " + summary.network().tolerance() + byzantine(summary));
    if (summary.observers() != null) {
      out.println("observers: " + observers(summary.observers()));
    }
    summary.notes().forEach(n -> out.println("note: " + n));
    summary.alerts().forEach(a -> out.println(io.ledgerlab.lab.monitor.Monitor.line(a)));
    out.println();
    for (RunSummary.Check check : summary.checks()) {
      out.printf(
          "  %-8s %-28s %s%n",
          check.validity(), check.name(), check.details().replace("\n", "\n" + " ".repeat(40)));
    }
    out.printf(
        "%nverdict: %s%s%n",
        summary.verdict(),
        RunSummary.COMPLETED.equals(summary.status()) ? "" : " (" + summary.status() + ")");
  }

  /** What the observers measured, in one line: blocks, divergences, each validator's misses. */
  static String observers(RunSummary.Observers o) {
    if (o.source().isEmpty()) {
      return String.join(", ", o.observers()) + " logged no block";
    }
    StringBuilder sb =
        new StringBuilder(String.join(", ", o.observers()))
            .append(" (")
            .append(o.source())
            .append(": ")
            .append(o.blocks())
            .append(" blocks, ")
            .append(o.roundChanges())
            .append(" round changes, ")
            .append(o.divergences())
            .append(" divergences); missed votes:");
    for (RunSummary.Participation p : o.validators()) {
      sb.append(' ')
          .append(p.validator())
          .append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.1f%%", p.missedPercent()));
    }
    return sb.toString();
  }

  private static String byzantine(RunSummary summary) {
    StringBuilder sb = new StringBuilder();
    for (RunSummary.NodeInfo n : summary.network().nodes()) {
      // Honest nodes and observers (honest, without a validator key) are not named here.
      if ("byzantine".equals(n.role()) || "twin".equals(n.role())) {
        sb.append(sb.length() == 0 ? ": " : ", ")
            .append(n.name())
            .append(" (")
            .append("twin".equals(n.role()) ? "twin" : n.behaviour())
            .append(')');
      }
    }
    return sb.toString();
  }
}
