package io.ledgerlab.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.report.RunSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A query_range answer of ALERTS turned into windows relative to the run's second 0. */
class AlertWindowsTest {
  private static final double ZERO = 1_700_000_000.0;

  private static JsonNode matrix(String result) throws Exception {
    return new ObjectMapper()
        .readTree("{\"resultType\":\"matrix\",\"result\":[" + result.replace('\'', '"') + "]}");
  }

  private static String series(String node, double... seconds) {
    StringBuilder v = new StringBuilder();
    for (double s : seconds) {
      v.append(v.length() == 0 ? "" : ",").append("[").append(ZERO + s).append(",'1']");
    }
    return "{'metric':{'__name__':'ALERTS','alertname':'LedgerlabHeightStalled',"
        + "'alertstate':'firing','job':'nodes','node':'"
        + node
        + "','severity':'critical'},'values':["
        + v
        + "]}";
  }

  @Test
  void consecutiveStepsAreOneWindowAndAGapStartsAnother() throws Exception {
    List<RunSummary.Alert> alerts =
        AlertWindows.of(matrix(series("n3", 10, 11, 12, 13, 20, 21)), ZERO, 1, ZERO + 60);

    assertThat(alerts)
        .containsExactly(
            new RunSummary.Alert(
                "LedgerlabHeightStalled",
                Map.of("job", "nodes", "node", "n3", "severity", "critical"),
                10,
                14,
                false),
            new RunSummary.Alert(
                "LedgerlabHeightStalled",
                Map.of("job", "nodes", "node", "n3", "severity", "critical"),
                20,
                22,
                false));
    assertThat(AlertWindows.labels(alerts.get(0))).isEqualTo("node=n3");
    assertThat(Monitor.line(alerts.get(0)))
        .isEqualTo("alert LedgerlabHeightStalled {node=n3} fired 10.0s-14.0s (4.0 s)");
  }

  @Test
  void aWindowThatReachesTheEndStillFired() throws Exception {
    List<RunSummary.Alert> alerts =
        AlertWindows.of(
            matrix(series("n1", 40, 41) + "," + series("n0", 5, 6)), ZERO, 1, ZERO + 41.5);

    assertThat(alerts).extracting(a -> a.labels().get("node")).containsExactly("n0", "n1");
    assertThat(alerts.get(1).firingAtEnd()).isTrue();
    assertThat(alerts.get(0).firingAtEnd()).isFalse();
    assertThat(Monitor.line(alerts.get(1)))
        .endsWith("fired 40.0s-41.5s (1.5 s, still firing at the end)");
  }

  @Test
  void aSingleFiringEvaluationLastsOneStep() throws Exception {
    List<RunSummary.Alert> alerts = AlertWindows.of(matrix(series("n2", 30)), ZERO, 2, ZERO + 60);

    assertThat(alerts).extracting(RunSummary.Alert::start).containsExactly(30.0);
    assertThat(alerts).extracting(RunSummary.Alert::end).containsExactly(32.0);
    assertThat(Monitor.line(alerts.get(0))).endsWith("fired 30.0s-32.0s (2.0 s)");
  }

  @Test
  void aLongRunIsReadAtACoarserStepAndSaysSo() {
    // A 1 s evaluation interval over 30,000 s: 3 s steps, which the run's notes state.
    double step = Monitor.step(1, 30_000);
    assertThat(step).isEqualTo(3.0);
    assertThat(Monitor.coarseStepNote(step, 1))
        .hasValueSatisfying(
            n -> assertThat(n).contains("read at a 3.0 s step, coarser than the rules' 1.0 s"));
    assertThat(Monitor.step(1, 600)).isEqualTo(1.0);
    assertThat(Monitor.coarseStepNote(1, 1)).isEmpty();
  }

  @Test
  void noSeriesIsNoAlert() throws Exception {
    assertThat(AlertWindows.of(matrix(""), ZERO, 1, ZERO + 10)).isEmpty();
  }

  @Test
  void anAnswerThatIsNotAMatrixIsRefused() throws Exception {
    JsonNode vector = new ObjectMapper().readTree("{\"resultType\":\"vector\",\"result\":[]}");
    assertThatThrownBy(() -> AlertWindows.of(vector, ZERO, 1, ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a matrix from query_range, got 'vector'");
  }
}
