package io.ledgerlab.lab.run;

import static io.ledgerlab.lab.testing.Runs.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/observers.yaml on node processes, as it ships (its crash and partition inside a
 * shortened load): the observer processes follow, re-execute and measure, and the report's
 * Observers section is drawn from their logs, n3's missed share standing out from the other
 * validators'; the run's Prometheus fires the stall alert for the killed validator and for every
 * node during the partition, and the report's Alerts section shows the windows.
 */
@Tag("long-it") // ~55 s: scripts/long-it.sh; ObserversExampleTest runs it in the simulator.
@Timeout(300)
class ObserversExampleIT {
  private static final double MISSED_MARGIN_PERCENT = 5;

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
    // n3 was killed for 8 s: its share of missing precommits stands out from every other
    // validator's (a few points above, so chance late votes do not pass for the kill).
    RunSummary.Participation n3 = o.validators().get(3);
    assertThat(n3.validator()).isEqualTo("n3");
    assertThat(n3.missed()).as("n3 was killed for 8 s").isPositive();
    for (RunSummary.Participation other : o.validators().subList(0, 3)) {
      assertThat(n3.missedPercent())
          .as("n3's missed share against %s's: %s", other.validator(), o.validators())
          .isGreaterThan(other.missedPercent() + MISSED_MARGIN_PERCENT);
    }
    // On processes a node announces its software's version to its peers.
    assertThat(o.peers()).isNotEmpty();
    assertThat(r.alerts())
        .as("alerts: %s", r.alerts())
        .anySatisfy(
            a -> {
              assertThat(a.alert()).isEqualTo("LedgerlabHeightStalled");
              assertThat(a.labels()).containsEntry("node", "n3").containsEntry("role", "validator");
            });
    // The 8 s partition leaves no side a quorum: every node's height stalls for longer than
    // stalledFor (4 s), so the alert fires for each, inside the partition (or as it heals).
    RunSummary.FaultWindow partition =
        r.faults().stream().filter(f -> f.fault().equals("partition")).findFirst().orElseThrow();
    for (String node : java.util.List.of("n0", "n1", "n2", "n3", "o0", "o1")) {
      assertThat(r.alerts())
          .as("%s stalled in the partition %s; alerts: %s", node, partition, r.alerts())
          .anySatisfy(
              a -> {
                assertThat(a.alert()).isEqualTo("LedgerlabHeightStalled");
                assertThat(a.labels()).containsEntry("node", node);
                assertThat(a.start()).isBetween(partition.start(), partition.end() + 2);
              });
    }
    assertThat(Files.readString(runs.lastRun().resolve("report.html")))
        .contains("<section id=\"observers\">")
        .contains("<h2>Alerts</h2>");
  }
}
