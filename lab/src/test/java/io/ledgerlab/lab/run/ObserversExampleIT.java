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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/observers.yaml on node processes, as it ships (its crash and partition inside a
 * shortened load): the observer processes follow, re-execute and measure, and the report's
 * Observers section is drawn from their logs; the run's Prometheus fires the stall alert for the
 * killed validator, and the report's Alerts section shows its window.
 */
@Timeout(300)
class ObserversExampleIT {
  @TempDir Path dir;

  @Test
  void theObserverProcessesMeasureTheValidators() throws Exception {
    String text = Files.readString(Path.of("..", "examples", "observers.yaml"));
    Scenario scenario = ScenarioParser.parse("observers.yaml", text).withLoadDuration(30_000_000);
    Runs runs = new Runs(dir);

    RunSummary r = runs.run(scenario, text);

    assertThat(r.engine()).isEqualTo("process");
    assertThat(r.verdict()).as("%s\n%s", r.checks(), runs.console()).isEqualTo("VALID");
    assertThat(check(r, "observer").details()).contains("blocks re-executed by the observers");
    RunSummary.Observers o = r.observers();
    assertThat(o.blocks()).isGreaterThan(20);
    assertThat(o.validators()).hasSize(4);
    assertThat(o.validators().get(3).missed()).as("n3 was killed for 8 s").isPositive();
    // On processes a node announces its software's version to its peers.
    assertThat(o.peers()).isNotEmpty();
    assertThat(r.alerts())
        .as("alerts: %s", r.alerts())
        .anySatisfy(
            a -> {
              assertThat(a.alert()).isEqualTo("LedgerlabHeightStalled");
              assertThat(a.labels()).containsEntry("node", "n3").containsEntry("role", "validator");
            });
    assertThat(Files.readString(runs.lastRun().resolve("report.html")))
        .contains("<section id=\"observers\">")
        .contains("<h2>Alerts</h2>");
  }
}
