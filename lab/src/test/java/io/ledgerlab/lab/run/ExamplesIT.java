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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example scenario on both engines through the one pipeline: the same checks and the same
 * report sections, the verdict the example promises, and what each example is there to show. The
 * loads are shortened (the simulator's less, it costs little).
 *
 * <p>The two long ones — byzantine keeps its whole load on processes (a fork lines up with real
 * timing only so), sim-soak is a soak — run on both engines under the {@code long-it} profile
 * ({@code scripts/long-it.sh}); the default build runs them in the simulator with the verdict and
 * the fork they promise.
 */
@Timeout(600)
class ExamplesIT {
  private static final long PROCESS_LOAD_MICROS = 15_000_000;
  private static final long SIM_LOAD_MICROS = 60_000_000;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"quickstart", "kv-load"})
  void runsOnBothEnginesWithTheSameChecksAndSections(String example) throws Exception {
    onBothEngines(example);
  }

  @Tag("long-it")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"byzantine", "sim-soak"})
  void theLongExamplesRunOnBothEnginesWithTheSameChecksAndSections(String example)
      throws Exception {
    onBothEngines(example);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"byzantine", "sim-soak"})
  void theLongExamplesGiveTheirVerdictInTheSimulator(String example) throws Exception {
    String text = Files.readString(Path.of("..", "examples", example + ".yaml"));
    Scenario scenario = ScenarioParser.parse(example + ".yaml", text);
    Runs runs = new Runs(dir);
    RunSummary sim =
        runs.run(
            scenario
                .withEngine("sim")
                .withLoadDuration(Math.min(SIM_LOAD_MICROS, scenario.workload().durationMicros())),
            text);

    assertThat(sim.verdict())
        .as("%s: %s\n%s", example, sim.checks(), runs.console())
        .isEqualTo(example.equals("byzantine") ? "INVALID" : "VALID");
    assertThat(sim.status()).isEqualTo(RunSummary.COMPLETED);
    assertThat(sim.traceDigest()).hasSize(64);
    if (example.equals("byzantine")) {
      RunSummary.Check safety = check(sim, "safety");
      assertThat(safety.validity()).as(safety.details()).isEqualTo("INVALID");
      assertThat(safety.details()).contains("fork at height");
      assertThat(sim.network().tolerance()).isEqualTo("2 Byzantine of 4 exceeds f = 1");
    }
  }

  private void onBothEngines(String example) throws Exception {
    String text = Files.readString(Path.of("..", "examples", example + ".yaml"));
    Scenario scenario = ScenarioParser.parse(example + ".yaml", text);
    Runs runs = new Runs(dir);
    RunSummary sim =
        runs.run(
            scenario
                .withEngine("sim")
                .withLoadDuration(Math.min(SIM_LOAD_MICROS, scenario.workload().durationMicros())),
            text);
    // Two equivocators fork real processes only when an attack lines up with the network's
    // timing: the byzantine example keeps its whole load there.
    long processLoad =
        example.equals("byzantine")
            ? scenario.workload().durationMicros()
            : Math.min(PROCESS_LOAD_MICROS, scenario.workload().durationMicros());
    RunSummary process =
        runs.run(scenario.withEngine("process").withLoadDuration(processLoad), text);
    String processReport = Files.readString(runs.lastRun().resolve("report.html"));

    String expected = example.equals("byzantine") ? "INVALID" : "VALID";
    for (RunSummary s : new RunSummary[] {sim, process}) {
      assertThat(s.verdict())
          .as("%s on %s: %s\n%s", example, s.engine(), s.checks(), runs.console())
          .isEqualTo(expected);
      assertThat(s.status()).isEqualTo(RunSummary.COMPLETED);
      assertThat(s.stats().latencyMillis().get("committed").count())
          .as("%s: committed latencies measured", s.engine())
          .isPositive();
      assertThat(s.heights()).hasSize(scenario.network().nodes().size());
    }
    assertThat(verdicts(sim).keySet()).isEqualTo(verdicts(process).keySet());
    assertThat(sim.phases())
        .extracting(RunSummary.Phase::name)
        .isEqualTo(process.phases().stream().map(RunSummary.Phase::name).toList());
    assertThat(sim.traceDigest()).hasSize(64);
    assertThat(process.traceDigest()).isEmpty();
    assertThat(Files.readString(runs.lastRun().resolve("history.jsonl")))
        .contains("\"type\":\"ok\"");

    if (example.equals("byzantine")) {
      for (RunSummary s : new RunSummary[] {sim, process}) {
        RunSummary.Check safety = check(s, "safety");
        assertThat(safety.validity()).as(safety.details()).isEqualTo("INVALID");
        assertThat(safety.details()).contains("fork at height").contains(" at ");
        assertThat(safety.atSeconds()).as("the fork is placed in time").isNotNull();
        assertThat(s.network().tolerance()).isEqualTo("2 Byzantine of 4 exceeds f = 1");
        assertThat(s.faults())
            .extracting(RunSummary.FaultWindow::fault, RunSummary.FaultWindow::target)
            .contains(
                org.assertj.core.groups.Tuple.tuple("byzantine equivocate", "n2"),
                org.assertj.core.groups.Tuple.tuple("byzantine equivocate", "n3"));
      }
      // The report names the equivocators and the bound, the fork, and the nodes' log lines from
      // the moment of the fork (not of the heal).
      double forkAt = check(process, "safety").atSeconds();
      assertThat(processReport)
          .contains("2 Byzantine of 4 exceeds f = 1")
          .contains("byzantine equivocate")
          .contains("fork at height")
          .contains(
              String.format(java.util.Locale.ROOT, "from %,.1f s to", Math.max(0, forkAt - 5)))
          .contains("block.committed");
    }
    for (RunSummary s : new RunSummary[] {sim, process}) {
      // Every scheduled fault that falls within the (shortened) load is in the fault table.
      double load =
          s.phases().stream()
              .filter(p -> p.name().equals("load under faults"))
              .mapToDouble(p -> p.end() - p.start())
              .sum();
      for (var step : scenario.schedule()) {
        if (step.atMicros() / 1e6 < load - 1) {
          assertThat(s.faults())
              .as("%s on %s", step.fault(), s.engine())
              .extracting(RunSummary.FaultWindow::fault)
              .contains(step.fault().kind().key());
        }
      }
    }
    if (example.equals("quickstart")) {
      assertThat(sim.faults())
          .extracting(RunSummary.FaultWindow::fault)
          .contains("kill", "partition");
      assertThat(process.stats().committed()).isGreaterThan(1_000);
    }
  }
}
