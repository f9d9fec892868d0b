package io.ledgerlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.process.RunLayout;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios end to end on real node processes: the quick start (shortened) is green, f+1 Byzantine
 * validators of 3f+1 are reported red with the fork explained, and a scenario gives the same
 * verdicts on the process engine and in the simulator.
 */
@Timeout(300)
class ScenarioRunIT {
  @TempDir Path dir;

  private final List<String> console = new ArrayList<>();

  @Test
  void theQuickstartRunsGreenEndToEnd() throws Exception {
    String text = Files.readString(Path.of("..", "examples", "quickstart.yaml"));
    Scenario scenario =
        ScenarioParser.parse("quickstart.yaml", text).withLoadDuration(20_000_000).withSeed(3);
    RunSummary summary = runProcess(scenario, text);
    assertThat(summary.checks())
        .extracting(RunSummary.Check::name)
        .contains("safety", "state-agreement", "liveness", "durability", "validity");
    assertThat(summary.verdict())
        .as("checks: %s\nconsole: %s", summary.checks(), console)
        .isEqualTo("VALID");
    assertThat(summary.stats().committed()).isGreaterThan(1_000);
    assertThat(summary.faults()).extracting(RunSummary.FaultWindow::fault).contains("kill");
    assertThat(summary.heights()).hasSize(4);
    assertThat(Files.readString(dir.resolve("run").resolve("history.jsonl")))
        .contains("\"type\":\"ok\"");
  }

  @Test
  void fPlusOneEquivocatorsAreReportedRedWithTheForkExplained() throws Exception {
    String text = Files.readString(Path.of("..", "examples", "byzantine.yaml"));
    Scenario scenario = ScenarioParser.parse("byzantine.yaml", text).withLoadDuration(25_000_000);
    RunSummary summary = runProcess(scenario, text);
    assertThat(summary.verdict()).as("checks: %s", summary.checks()).isNotEqualTo("VALID");
    RunSummary.Check safety = check(summary, "safety");
    assertThat(safety.validity()).as(safety.details()).isEqualTo("INVALID");
    assertThat(safety.details()).contains("fork at height").contains("committed");
  }

  @Test
  void aScenarioGivesTheSameVerdictsOnBothEngines() throws Exception {
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
        checks:
          liveness: 20s
          quiet: 2s
        """;
    Scenario scenario = ScenarioParser.parse("both.yaml", text);
    RunSummary process = runProcess(scenario, text);
    RunSummary sim =
        new SimScenarioRun(scenario.withEngine(Scenario.Engine.SIM), console::add).run();
    assertThat(verdicts(process))
        .as("process engine")
        .containsAllEntriesOf(
            Map.of(
                "safety",
                "VALID",
                "state-agreement",
                "VALID",
                "liveness",
                "VALID",
                "durability",
                "VALID",
                "validity",
                "VALID"));
    Map<String, String> common = new TreeMap<>(verdicts(sim));
    common.keySet().retainAll(verdicts(process).keySet());
    assertThat(common).as("the checks both engines run").hasSizeGreaterThanOrEqualTo(4);
    common.forEach((name, v) -> assertThat(verdicts(process).get(name)).as(name).isEqualTo(v));
    assertThat(sim.verdict()).isEqualTo(process.verdict());
  }

  private RunSummary runProcess(Scenario scenario, String text) throws Exception {
    return new ProcessScenarioRun(scenario, new RunLayout(dir.resolve("run")), console::add)
        .run(text);
  }

  private static RunSummary.Check check(RunSummary s, String name) {
    return s.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static Map<String, String> verdicts(RunSummary s) {
    Map<String, String> out = new TreeMap<>();
    s.checks().forEach(c -> out.put(c.name(), c.validity()));
    return out;
  }
}
