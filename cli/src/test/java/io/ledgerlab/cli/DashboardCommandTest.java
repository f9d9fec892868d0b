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
    Cli c = cli("dashboard", run.toString());
    assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(c.err()).contains("ledgerlab dashboard:", "manifest.yaml");
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
