package io.ledgerlab.lab.run;

import static io.ledgerlab.lab.testing.Runs.check;
import static io.ledgerlab.lab.testing.Runs.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios end to end on real node processes: the quick start (shortened) is green, f+1 Byzantine
 * validators of 3f+1 are reported red with the fork explained, and a scenario gets the same checks
 * and report sections on the process engine and in the simulator.
 */
@Timeout(300)
class ScenarioRunIT {
  @TempDir Path dir;

  @Test
  void theQuickstartRunsGreenEndToEnd() throws Exception {
    String text = Files.readString(Path.of("..", "examples", "quickstart.yaml"));
    Scenario scenario =
        ScenarioParser.parse("quickstart.yaml", text).withLoadDuration(20_000_000).withSeed(3);
    Runs runs = new Runs(dir);
    RunSummary summary = runs.run(scenario, text);

    assertThat(summary.verdict())
        .as("checks: %s\nconsole: %s", summary.checks(), runs.console())
        .isEqualTo("VALID");
    assertThat(verdicts(summary).keySet())
        .contains(
            "safety", "state-agreement", "liveness", "durability", "validity", "evidence", "nodes");
    assertThat(summary.stats().committed()).isGreaterThan(1_000);
    assertThat(summary.faults()).extracting(RunSummary.FaultWindow::fault).contains("kill");
    assertThat(summary.heights()).hasSize(4);
    assertThat(Files.readString(runs.lastRun().resolve("history.jsonl")))
        .contains("\"type\":\"ok\"");
  }

  @Test
  void fPlusOneEquivocatorsAreReportedRedWithTheForkExplained() throws Exception {
    String text = Files.readString(Path.of("..", "examples", "byzantine.yaml"));
    Scenario scenario = ScenarioParser.parse("byzantine.yaml", text).withLoadDuration(25_000_000);
    RunSummary summary = new Runs(dir).run(scenario, text);

    assertThat(summary.verdict()).as("checks: %s", summary.checks()).isEqualTo("INVALID");
    RunSummary.Check safety = check(summary, "safety");
    assertThat(safety.validity()).as(safety.details()).isEqualTo("INVALID");
    assertThat(safety.details()).contains("fork at height").contains(" at ").contains("committed");
    assertThat(safety.atSeconds()).as("the fork is placed in time").isNotNull();
    assertThat(summary.network().tolerance()).isEqualTo("2 Byzantine of 4 exceeds f = 1");
    assertThat(summary.faults())
        .extracting(RunSummary.FaultWindow::fault, RunSummary.FaultWindow::target)
        .contains(
            org.assertj.core.groups.Tuple.tuple("byzantine equivocate", "n2"),
            org.assertj.core.groups.Tuple.tuple("byzantine equivocate", "n3"));
  }

  @Test
  void aScenarioGetsTheSameChecksAndSectionsOnBothEngines() throws Exception {
    String text =
        """
        name: both-engines
        seed: 5
        network:
          name: both-engines
          validators: 4
          blockInterval: 200ms
        workload:
          rate: 50/s
          duration: 15s
          warmup: 2s
        faults:
          schedule:
            - {at: 4s, fault: kill, node: n3, for: 4s}
        checks:
          liveness: 20s
          quiet: 2s
          thresholds: ["committed > 100"]
        """;
    Scenario scenario = ScenarioParser.parse("both.yaml", text);
    Runs runs = new Runs(dir);
    RunSummary process = runs.run(scenario, text);
    RunSummary sim = runs.run(scenario.withEngine("sim"), text);

    assertThat(process.verdict()).as("process: %s", process.checks()).isEqualTo("VALID");
    assertThat(sim.verdict()).as("sim: %s", sim.checks()).isEqualTo("VALID");
    assertThat(verdicts(sim).keySet()).isEqualTo(verdicts(process).keySet());
    for (RunSummary s : new RunSummary[] {process, sim}) {
      assertThat(s.stats().latencyMillis().get("committed").count()).isPositive();
      assertThat(s.faults()).extracting(RunSummary.FaultWindow::fault).contains("kill");
      assertThat(s.phases())
          .extracting(RunSummary.Phase::name)
          .containsExactly(
              "start", "warm-up", "load under faults", "heal + liveness", "quiet", "final reads");
    }
    assertThat(sim.traceDigest()).hasSize(64);
    assertThat(process.traceDigest()).isEmpty();
  }
}
