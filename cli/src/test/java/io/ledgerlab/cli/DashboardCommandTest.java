package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dashboard's options and refusals on {@code dashboard}, {@code up} and {@code run}. */
class DashboardCommandTest {
  @TempDir Path dir;

  private record Cli(int exit, String out, String err) {}

  @Test
  void aRunDirectoryThatDoesNotExistIsRefused() {
    Cli c = cli("dashboard", dir.resolve("nope").toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err()).contains("ledgerlab dashboard: no run directory at", "nope");
  }

  @Test
  void aRunWithoutASupervisorIsRefusedSayingWhichRunsHaveOne() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("manifest.yaml"), "name: quiet\nvalidators: 4\n");
    Cli c = cli("dashboard", run.toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err()).contains("has no supervisor", "only a network started with 'ledgerlab up'");
  }

  @Test
  void aRunDirectoryWithoutAManifestIsRefusedNamingTheFile() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    supervisor(run, "running", ProcessHandle.current().pid(), 1);
    Cli c = cli("dashboard", run.toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err()).contains("ledgerlab dashboard:", "manifest.yaml");
  }

  @Test
  void aScenarioRunIsRefusedForWhatItIs() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("manifest.yaml"), "name: quiet\nvalidators: 4\n");
    Files.writeString(run.resolve("scenario.yaml"), "name: quiet\n");
    Cli c = cli("dashboard", run.toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err())
        .contains(
            "is a scenario run of 'ledgerlab run': only networks from 'ledgerlab up' are served;"
                + " a run serves its own dashboard while it runs");
  }

  @Test
  void aStoppedNetworkIsRefusedInsteadOfServedEmpty() throws Exception {
    Path run = network("stopped", ProcessHandle.current().pid(), 1);
    Cli c = cli("dashboard", run.toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err())
        .contains("the network in", "is not up (its supervisor is stopped): nothing to serve");
  }

  @Test
  void aNetworkWhoseSupervisorDiedIsRefused() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path run = network("running", gone.pid(), 1);
    Cli c = cli("dashboard", run.toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err()).contains("is not up (its supervisor is gone)");
  }

  @Test
  void aTakenPortEndsTheCommandWithExit3AndOnePrefix() throws Exception {
    Path run = network("running", ProcessHandle.current().pid(), 1);
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli c = cli("dashboard", run.toString(), "--port", Integer.toString(taken.getLocalPort()));
      assertThat(c.exit()).isEqualTo(ExitCode.CRASH);
      assertThat(c.err())
          .startsWith("ledgerlab dashboard: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aSupervisorThatDoesNotAnswerLeavesARowPerManifestNodeAndSaysWhere() throws Exception {
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path run = network("running", ProcessHandle.current().pid(), closed);
    DashboardCommand command = new DashboardCommand();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int[] exit = {-1};
    Thread serving = new Thread(() -> exit[0] = cl.execute(run.toString()), "dashboard");
    serving.start();
    try {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline
          && (command.serving == null || command.serving.snapshot().sourceError() == null)) {
        Thread.sleep(50);
      }
      io.ledgerlab.lab.live.Snapshot s = command.serving.snapshot();
      assertThat(s.sourceError())
          .isEqualTo("the supervisor does not answer: connection refused to 127.0.0.1:" + closed);
      assertThat(s.nodes())
          .extracting(io.ledgerlab.lab.live.NodeRow::name)
          .containsExactly("n0", "n1", "n2", "n3");
    } finally {
      command.stop.countDown();
      serving.join(10_000);
    }
    assertThat(exit[0]).isEqualTo(ExitCode.OK);
  }

  @Test
  void downRefusesADirectoryThatIsNoNetworkFromUp() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Cli c = cli("down", "--run-dir", run.toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err())
        .contains("ledgerlab down: nothing to stop: ", "is not a network from 'ledgerlab up'");
    assertThat(c.out()).doesNotContain("is down");
  }

  @Test
  void aDashboardPortWithoutADashboardIsRefused() throws Exception {
    Path manifest = Files.writeString(dir.resolve("m.yaml"), "name: m\nvalidators: 4\n");
    Cli up = cli("up", manifest.toString(), "--no-dashboard", "--dashboard-port", "8123");
    assertThat(up.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(up.err()).contains("--dashboard-port: no dashboard is served with --no-dashboard");
    Cli docker = cli("up", manifest.toString(), "--engine", "docker", "--dashboard-port", "8123");
    assertThat(docker.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(docker.err()).contains("--dashboard-port: no dashboard is served on docker");
    Path scenario = simScenario();
    Cli sim = cli("run", scenario.toString(), "--dashboard-port", "8123");
    assertThat(sim.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(sim.err())
        .contains("--dashboard-port: no dashboard is served for this run (the sim engine)");
    Cli off =
        cli(
            "run",
            scenario.toString(),
            "--engine",
            "process",
            "--no-dashboard",
            "--dashboard-port",
            "0");
    assertThat(off.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(off.err()).contains("no dashboard is served for this run (--no-dashboard)");
  }

  @Test
  void anotherTargetServesNoDashboardByDefaultAndRefusesOneAskedFor() throws Exception {
    Path scenario =
        Files.writeString(
            dir.resolve("eth.yaml"),
            "name: eth\nengine: process\n"
                + "network: {name: eth, target: ethereum, validators: 1,"
                + " launch: {command: 'anvil --port {rpcPort}'}}\n"
                + "workload: {rate: 10/s, duration: 2s}\n");
    Cli asked =
        cli("run", scenario.toString(), "--dashboard", "--run-dir", dir.resolve("r").toString());
    assertThat(asked.exit()).as(asked.err()).isEqualTo(ExitCode.USAGE);
    assertThat(asked.err())
        .contains("--dashboard: the dashboard reads each node's node_status", "target is ethereum");
    // The port is refused because, by default, no dashboard is served for this target.
    Cli port = cli("run", scenario.toString(), "--dashboard-port", "0");
    assertThat(port.err()).contains("no dashboard is served for this run (target ethereum)");
    assertThat(dir.resolve("r")).doesNotExist();
  }

  @Test
  void countsAreSingularOrPlural() {
    assertThat(RunCommand.plural(1, "observer")).isEqualTo("1 observer");
    assertThat(RunCommand.plural(4, "validator")).isEqualTo("4 validators");
  }

  @Test
  void runHelpNamesEveryEngine() {
    Cli c = cli("run", "--help");
    assertThat(c.out().replaceAll("\\s+", " ")).contains("engine: process, docker or sim.");
  }

  @Test
  void theSimEngineRefusesADashboardAskedFor() throws Exception {
    Path scenario =
        Files.writeString(
            dir.resolve("s.yaml"),
            "name: s\nengine: sim\nnetwork: {name: s, validators: 4}\n"
                + "workload: {rate: 10/s, duration: 2s}\n");
    Cli c =
        cli("run", scenario.toString(), "--dashboard", "--run-dir", dir.resolve("r").toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err()).contains("--dashboard: the sim engine runs in virtual time");
    assertThat(dir.resolve("r")).doesNotExist();
  }

  @Test
  void aDashboardPortOutOfRangeIsRefusedByUpAndRun() throws Exception {
    Path manifest = Files.writeString(dir.resolve("m.yaml"), "name: m\nvalidators: 4\n");
    Cli up = cli("up", manifest.toString(), "--dashboard-port", "70000");
    assertThat(up.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(up.err()).contains("--dashboard-port: expected 0 (a free port) to 65535, got 70000");
    Path scenario =
        Files.writeString(
            dir.resolve("s.yaml"),
            "name: s\nengine: sim\nnetwork: {name: s, validators: 4}\n"
                + "workload: {rate: 10/s, duration: 2s}\n");
    Cli run = cli("run", scenario.toString(), "--dashboard-port", "-1");
    assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--dashboard-port: expected 0 (a free port) to 65535, got -1");
  }

  @Test
  void aPortOutOfRangeIsRefusedByTheDashboardCommand() {
    Cli c = cli("dashboard", dir.toString(), "--port", "65536");
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err()).contains("--port: expected 0 (a free port) to 65535, got 65536");
  }

  @Test
  void upServesTheDashboardUnlessToldNot() {
    UpCommand on = CommandLine.populateCommand(new UpCommand(), "m.yaml");
    UpCommand off = CommandLine.populateCommand(new UpCommand(), "m.yaml", "--no-dashboard");
    UpCommand port =
        CommandLine.populateCommand(new UpCommand(), "m.yaml", "--dashboard-port", "8123");
    assertThat(on.dashboard).isTrue();
    assertThat(off.dashboard).isFalse();
    assertThat(port.dashboard).isTrue();
    assertThat(port.dashboardPort).isEqualTo(8123);
  }

  @Test
  void runLeavesTheDefaultToTheEngine() {
    RunCommand unset = CommandLine.populateCommand(new RunCommand(), "s.yaml");
    RunCommand off = CommandLine.populateCommand(new RunCommand(), "s.yaml", "--no-dashboard");
    assertThat(unset.dashboard).isNull();
    assertThat(off.dashboard).isFalse();
  }

  private Path simScenario() throws java.io.IOException {
    return Files.writeString(
        dir.resolve("s.yaml"),
        "name: s\nengine: sim\nnetwork: {name: s, validators: 4}\n"
            + "workload: {rate: 10/s, duration: 2s}\n");
  }

  /** A run directory of four validators whose supervisor state says {@code state}. */
  private Path network(String state, long pid, int controlPort) throws java.io.IOException {
    Path run = Files.createDirectories(dir.resolve("net"));
    Files.writeString(run.resolve("manifest.yaml"), "name: net\nvalidators: 4\n");
    supervisor(run, state, pid, controlPort);
    return run;
  }

  static void supervisor(Path run, String state, long pid, int controlPort)
      throws java.io.IOException {
    Files.writeString(
        run.resolve("supervisor.json"),
        "{\"pid\": "
            + pid
            + ", \"state\": \""
            + state
            + "\", \"control\": \"127.0.0.1:"
            + controlPort
            + "\", \"token\": \"t\", \"nodes\": []}\n");
  }

  private static Cli cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }
}
