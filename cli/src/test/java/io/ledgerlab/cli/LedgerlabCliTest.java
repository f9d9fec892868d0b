package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LedgerlabCliTest {
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
            run("sim", "--validators", "4", "--duration", "5s", "--rate", "10", "--seeds", "1..2"))
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
                "1"))
        .isEqualTo(SimCommand.SAFETY_FAILED);
  }

  @Test
  void simRejectsMalformedDurationsAndSeedRanges() {
    assertThat(run("sim", "--duration", "ten")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--duration").contains("ten");
    assertThat(run("sim", "--seeds", "9..3")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--seeds");
  }
}
