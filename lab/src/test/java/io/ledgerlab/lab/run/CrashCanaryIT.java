package io.ledgerlab.lab.run;

import static io.ledgerlab.lab.testing.Runs.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.testing.RunProcesses;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash canary on the process engine: a node whose event loop throws after height 5 exits with
 * code 70 on its own, and the {@code nodes} check must catch it, naming the node, the code and what
 * the node said last. A check that never fails proves nothing.
 */
@Timeout(180)
class CrashCanaryIT {
  private static final String SCENARIO =
      """
      name: crash-canary
      engine: process
      seed: 4
      network:
        name: crash-canary
        accounts: 100
        blockInterval: 200ms
        nodes:
          - {name: n0}
          - {name: n1}
          - {name: n2, canary: crash}
          - {name: n3}
      workload:
        rate: 50/s
        duration: 5s
        warmup: 0s
      checks:
        liveness: 5s
        quiet: 1s
      """;

  @TempDir Path dir;

  @AfterEach
  void noNodeProcessOutlivesTheTest() throws InterruptedException {
    // A test stopped by its @Timeout is interrupted; the cleanup must still wait.
    Thread.interrupted();
    RunProcesses processes = new RunProcesses(dir);
    List<Long> left = processes.alive();
    assertThat(processes.killAll(Duration.ofSeconds(10))).as("survived SIGKILL").isEmpty();
    assertThat(left).as("node processes alive after the run").isEmpty();
  }

  @Test
  void aNodeThatCrashesOnItsOwnTurnsTheNodesCheckInvalidWithItsExitCodeAndLastLines()
      throws Exception {
    Runs runs = new Runs(dir);
    RunSummary summary = runs.run(SCENARIO);

    RunSummary.Check nodes = check(summary, "nodes");
    assertThat(nodes.validity()).as("%s\nconsole: %s", nodes, runs.console()).isEqualTo("INVALID");
    assertThat(nodes.details())
        .as(nodes.details())
        .startsWith("n2 exited unexpectedly at ")
        .contains(
            "with exit code 70: the node failed: java.lang.IllegalStateException: canary: a crash"
                + " bug after committing height 5; last lines:");
    assertThat(nodes.details().lines().filter(l -> l.contains("exited unexpectedly")))
        .as("only n2 exited on its own")
        .hasSize(1);
    String lastLines = nodes.details().substring(nodes.details().indexOf("last lines:"));
    assertThat(lastLines.lines().skip(1).filter(l -> !l.isBlank()))
        .as("the node's last lines")
        .isNotEmpty();
    assertThat(nodes.atSeconds()).as("when n2 exited").isNotNull().isPositive();
    assertThat(summary.status()).isEqualTo(RunSummary.COMPLETED);
    assertThat(summary.verdict()).isEqualTo("INVALID");
    assertThat(summary.faults())
        .extracting(RunSummary.FaultWindow::fault, RunSummary.FaultWindow::target)
        .containsExactly(tuple("unexpected exit (code 70)", "n2"));
    assertThat(runs.console())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "UNEXPECTED EXIT: n2 exited on its own with exit code 70: the node"
                            + " failed: "));
  }
}
