package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What 'ledgerlab run' prints after a run: the alert windows sit with the notes and verdicts. */
class RunVerdictsTest {
  private static String printed(RunSummary summary) {
    StringWriter out = new StringWriter();
    RunCommand.printVerdicts(new PrintWriter(out, true), summary);
    return out.toString();
  }

  @Test
  void everyAlertWindowIsALine() {
    RunSummary summary =
        ReportCommandTest.sample("VALID")
            .withAlerts(
                List.of(
                    new RunSummary.Alert(
                        "LedgerlabHeightStalled",
                        Map.of(
                            "node",
                            "n3",
                            "role",
                            "validator",
                            "job",
                            "nodes",
                            "severity",
                            "critical"),
                        12.04,
                        19.5,
                        false),
                    new RunSummary.Alert(
                        "LedgerlabMempoolGrowing", Map.of("node", "n1"), 30, 41, true)));

    assertThat(printed(summary))
        .contains(
            "alert LedgerlabHeightStalled {node=n3, role=validator} fired 12.0s-19.5s (7.5 s)\n")
        .contains(
            "alert LedgerlabMempoolGrowing {node=n1} fired 30.0s-41.0s (11.0 s, still firing at"
                + " the end)\n");
  }

  @Test
  void withoutMonitoringThereIsNoAlertLine() {
    assertThat(printed(ReportCommandTest.sample("VALID"))).doesNotContain("alert ");
  }
}
