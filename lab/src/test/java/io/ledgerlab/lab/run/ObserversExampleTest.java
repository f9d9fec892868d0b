package io.ledgerlab.lab.run;

import static io.ledgerlab.lab.testing.Runs.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/observers.yaml in the simulator: through a crash and a partition the validators commit,
 * the observers follow and cross-check, and the report shows each validator's participation with
 * the crashed validator's missed votes. The example's Prometheus has nothing real to scrape in
 * virtual time, so its monitoring line is left out here (ObserversExampleIT runs it as shipped).
 */
class ObserversExampleTest {
  @TempDir Path dir;

  @Test
  void theObserversMeasureTheValidatorsThroughACrashAndAPartition() throws Exception {
    String shipped = Files.readString(Path.of("..", "examples", "observers.yaml"));
    String text =
        shipped
            .replaceAll("\\n  monitoring: [^\\n]*", "")
            .replace("engine: process", "engine: sim");
    assertThat(text).isNotEqualTo(shipped).doesNotContain("monitoring:");
    Scenario scenario = ScenarioParser.parse("observers.yaml", text);
    Runs runs = new Runs(dir);

    RunSummary r = runs.run(scenario, text);

    assertThat(r.verdict()).as(r.checks().toString()).isEqualTo("VALID");
    assertThat(check(r, "observer").validity()).isEqualTo("VALID");
    RunSummary.Observers o = r.observers();
    assertThat(o.observers()).containsExactly("o0", "o1");
    assertThat(o.divergences()).isZero();
    RunSummary.Participation n3 = o.validators().get(3);
    assertThat(n3.validator()).isEqualTo("n3");
    assertThat(n3.missed()).as("n3 was down 8 s: its precommits are missing").isPositive();
    assertThat(n3.missedPercent()).isGreaterThan(o.validators().get(0).missedPercent());
    assertThat(Files.readString(runs.lastRun().resolve("report.html")))
        .contains("<section id=\"observers\">")
        .contains("<tr><td>n3</td>");
  }
}
