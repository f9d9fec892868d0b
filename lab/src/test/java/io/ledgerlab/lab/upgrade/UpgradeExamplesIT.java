package io.ledgerlab.lab.upgrade;

import static io.ledgerlab.lab.testing.Runs.check;
import static io.ledgerlab.lab.testing.Runs.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.testing.RunProcesses;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/upgrade.yaml} on node processes, as {@code ./ledgerlab run} runs it: operators
 * approve tally v2 for a height, the nodes are upgraded one by one through stop, swap and start,
 * the last after the height, and the chain replays under v2 — every check VALID.
 */
@Tag("long-it") // ~45 s: scripts/long-it.sh; UpgradeExamplesTest runs it in the simulator,
// RollingUpgradeIT the upgrade on processes in the default build.
@Timeout(240)
class UpgradeExamplesIT {
  @TempDir Path dir;

  @AfterEach
  void noNodeProcessOutlivesTheTest() throws InterruptedException {
    Thread.interrupted();
    RunProcesses processes = new RunProcesses(dir);
    List<Long> left = processes.alive();
    assertThat(processes.killAll(Duration.ofSeconds(10))).as("survived SIGKILL").isEmpty();
    assertThat(left).as("node processes alive after the run").isEmpty();
  }

  @Test
  void theSafeUpgradeIsValidOnNodeProcesses() throws Exception {
    Scenario scenario = UpgradeExamplesTest.example("upgrade", null);
    Runs runs = new Runs(dir);

    RunSummary r = runs.run(scenario, Files.readString(Path.of("../examples/upgrade.yaml")));

    assertThat(r.engine()).isEqualTo("process");
    assertThat(verdicts(r)).as("%s\n%s", r.checks(), runs.console()).doesNotContainValue("INVALID");
    assertThat(verdicts(r)).doesNotContainValue("UNKNOWN");
    assertThat(check(r, "replay").details()).contains("tally");
    assertThat(Files.readString(runs.lastRun().resolve("logs/n3.jsonl")))
        .as("n3, upgraded after the height, lacked the jar until then")
        .contains("\"event\":\"upgrade.missing_code\"");
  }
}
