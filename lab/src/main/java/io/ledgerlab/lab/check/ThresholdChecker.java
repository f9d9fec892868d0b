package io.ledgerlab.lab.check;

import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.scenario.Scenario;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** One of the user's thresholds, a check named after its text (for example {@code p99 < 2s}). */
public final class ThresholdChecker implements Checker {
  private final Scenario.Threshold threshold;

  public ThresholdChecker(Scenario.Threshold threshold) {
    this.threshold = threshold;
  }

  @Override
  public String name() {
    return "threshold: " + threshold.text();
  }

  @Override
  public CheckResult check(RunRecord run) {
    LoadRecorder recorder = run.load();
    Histogram committed = recorder.committedLatency();
    double actual =
        switch (threshold.metric()) {
          case "p50" -> committed.getValueAtPercentile(50) / 1_000.0;
          case "p90" -> committed.getValueAtPercentile(90) / 1_000.0;
          case "p99" -> committed.getValueAtPercentile(99) / 1_000.0;
          case "max" -> committed.getMaxValue() / 1_000.0;
          case "throughput" ->
              recorder.hasLoadWindow()
                  ? recorder.committedPerSecondOfLoad()
                  : recorder.committedTotal() / run.loadSeconds();
          case "committed" -> recorder.committedTotal();
          case "rejected" -> recorder.rejectedTotal();
          case "lost" -> recorder.lostTotal();
          default -> throw new IllegalStateException(threshold.metric());
        };
    boolean latency = threshold.metric().startsWith("p") || threshold.metric().equals("max");
    String unit = latency ? " ms" : threshold.metric().equals("throughput") ? "/s" : "";
    if (latency && committed.getTotalCount() == 0) {
      // Nothing committed: there is no latency to hold the threshold to, and the run failed it.
      return CheckResult.invalid(
          name(), "nothing was committed, so " + threshold.metric() + " could not be measured");
    }
    return CheckResult.of(
        name(),
        threshold.holds(actual),
        String.format(
            Locale.ROOT,
            "%s was %.1f%s (threshold %s %.1f%s)",
            threshold.metric(),
            actual,
            unit,
            threshold.op(),
            threshold.value(),
            unit));
  }
}
