package io.ledgerlab.lab.run;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** The user's thresholds, each a check named after its text (for example {@code p99 < 2s}). */
final class Thresholds {
  private Thresholds() {}

  static List<CheckResult> check(
      List<Scenario.Threshold> thresholds, LoadRecorder recorder, double loadSeconds) {
    List<CheckResult> out = new ArrayList<>();
    Histogram committed = recorder.committedLatency();
    for (Scenario.Threshold t : thresholds) {
      double actual =
          switch (t.metric()) {
            case "p50" -> committed.getValueAtPercentile(50) / 1_000.0;
            case "p90" -> committed.getValueAtPercentile(90) / 1_000.0;
            case "p99" -> committed.getValueAtPercentile(99) / 1_000.0;
            case "max" -> committed.getMaxValue() / 1_000.0;
            case "throughput" -> recorder.committedTotal() / loadSeconds;
            case "committed" -> recorder.committedTotal();
            case "rejected" -> recorder.rejectedTotal();
            default -> throw new IllegalStateException(t.metric());
          };
      boolean latency = t.metric().startsWith("p") || t.metric().equals("max");
      String unit = latency ? " ms" : t.metric().equals("throughput") ? "/s" : "";
      // A latency threshold with nothing committed has nothing to hold for: it fails.
      boolean holds = (!latency || committed.getTotalCount() > 0) && t.holds(actual);
      out.add(
          CheckResult.of(
              "threshold: " + t.text(),
              holds,
              String.format(
                  "%s was %.1f%s (threshold %s %.1f%s)",
                  t.metric(), actual, unit, t.op(), t.value(), unit)));
    }
    return out;
  }
}
