package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LedgerlabCliTest {
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpListsTheCommandsThatExist() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("devchain").contains("help");
  }

  @Test
  void aBadOptionValueIsAUsageErrorNamingTheFlag() {
    assertThat(run("devchain", "--blocks", "0")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--blocks must be in [1, 1000000], got 0");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(run("devchain", "--blokcs", "3")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--blokcs");
  }

  @Test
  void devchainRunsAndExitsZeroWhenEveryCheckPasses() {
    assertThat(
            run(
                "devchain",
                "--blocks",
                "2",
                "--transfers",
                "20",
                "--accounts",
                "10",
                "--block-interval",
                "10"))
        .isZero();
  }

  @Test
  void simPassesForHonestValidatorsAndExitsFourOnAFork() {
    assertThat(
            run(
                "sim",
                "--validators",
                "4",
                "--duration",
                "5s",
                "--rate",
                "10",
                "--seeds",
                "1..2",
                "--runs",
                dir.toString()))
        .isZero();
    assertThat(
            run(
                "sim",
                "--validators",
                "4",
                "--byzantine",
                "2",
                "--duration",
                "10s",
                "--rate",
                "10",
                "--seeds",
                "1",
                "--runs",
                dir.toString()))
        .isEqualTo(SimCommand.SAFETY_FAILED);
    assertThat(out.toString()).contains("kept: ").contains("replay: ./ledgerlab sim");
  }

  @Test
  void simWithSimulatedSignaturesSaysSoOnEveryLineThatJudges() throws Exception {
    assertThat(
            run(
                "sim",
                "--duration",
                "5s",
                "--rate",
                "10",
                "--seeds",
                "1",
                "--signatures",
                "simulated",
                "--runs",
                dir.toString()))
        .isZero();
    String text = out.toString();
    assertThat(text)
        .contains("SIMULATED signatures (keyed hash, not real cryptography), seeds 1..1");
    assertThat(text).contains("seed 1: VALID").contains("simulated signatures, digest");
    assertThat(text.strip()).endsWith("SIMULATED signatures (keyed hash, not real cryptography)");
    try (var runs = java.nio.file.Files.walk(dir)) {
      java.nio.file.Path summary =
          runs.filter(p -> p.getFileName().toString().equals("summary.json")).findFirst().get();
      assertThat(java.nio.file.Files.readString(summary))
          .contains("\"signatures\" : \"simulated\"");
    }
  }

  @Test
  void simSaysEd25519ByDefaultAndRejectsAnUnknownScheme() {
    assertThat(run("sim", "--duration", "5s", "--rate", "10", "--runs", dir.toString())).isZero();
    assertThat(out.toString()).contains("Ed25519 signatures").doesNotContain("SIMULATED");
    assertThat(run("sim", "--signatures", "rsa")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--signatures").contains("expected ed25519 or simulated");
  }

  @Test
  void simRejectsMalformedDurationsAndSeedRanges() {
    assertThat(run("sim", "--duration", "ten")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--duration").contains("ten");
    assertThat(run("sim", "--seeds", "9..3")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--seeds");
  }

  @Test
  void upRejectsTwinsAtTheirLine() throws Exception {
    java.nio.file.Path manifest = dir.resolve("twins.yaml");
    java.nio.file.Files.writeString(
        manifest, "name: t\nnodes:\n  - name: n0\n  - name: n1\n    twin: true\n");

    assertThat(run("up", manifest.toString(), "--run-dir", dir.resolve("run").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains(manifest + ":5:")
        .contains("nodes.1.twin: the process engine cannot run twins");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void upRefusesMonitoringAtItsLineAndStartsNothing() throws Exception {
    java.nio.file.Path manifest = dir.resolve("monitored.yaml");
    java.nio.file.Files.writeString(manifest, "name: t\nvalidators: 1\nmonitoring: prometheus\n");

    assertThat(run("up", manifest.toString(), "--run-dir", dir.resolve("run").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains(manifest + ":3:")
        .contains("monitoring: no monitoring under 'ledgerlab up'");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void upOnDockerRefusesDirectLinksAtTheirLineAndStartsNothing() throws Exception {
    java.nio.file.Path manifest = dir.resolve("direct.yaml");
    java.nio.file.Files.writeString(manifest, "name: t\nvalidators: 1\nlinks:\n  via: direct\n");

    assertThat(
            run(
                "up",
                manifest.toString(),
                "--engine",
                "docker",
                "--run-dir",
                dir.resolve("run").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains(manifest + ":4:3: links.via: direct links apply to the process engine");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void runRechecksTheScenarioAgainstAnEngineChosenOnTheCommandLine() throws Exception {
    java.nio.file.Path scenario = dir.resolve("crash.yaml");
    java.nio.file.Files.writeString(
        scenario,
        "engine: sim\nnetwork: {name: t, validators: 4}\nfaults:\n  schedule:\n"
            + "    - {at: 1s, fault: crash, node: n1}\n");

    assertThat(run("run", scenario.toString(), "--engine", "process")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains(scenario + ":5:")
        .contains("faults.schedule.0.fault: the process engine cannot put 'crash' into effect");
  }

  @Test
  void anEngineChosenOnTheCommandLineRunsWhatTheFilesEngineCouldNot() throws Exception {
    // The file's own engine could not crash a node; --engine sim is checked instead of it.
    java.nio.file.Path scenario = dir.resolve("crash.yaml");
    java.nio.file.Files.writeString(
        scenario,
        "engine: process\nnetwork: {name: t, validators: 4, blockInterval: 200ms}\n"
            + "workload: {kind: transfer, rate: 20/s, duration: 6s}\n"
            + "faults:\n  schedule:\n    - {at: 2s, fault: crash, node: n1, for: 2s}\n");

    int code =
        run(
            "run",
            scenario.toString(),
            "--engine",
            "sim",
            "--run-dir",
            dir.resolve("run").toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).contains("crash");
  }
}
