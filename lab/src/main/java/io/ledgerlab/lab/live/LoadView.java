package io.ledgerlab.lab.live;

import io.ledgerlab.lab.load.LoadRecorder;
import org.HdrHistogram.Histogram;

/**
 * The workload's counters at one moment, read from the run's own recorder: what the clients
 * measured, not what the nodes say.
 *
 * @param committedPerSecond transactions committed per second over the last few seconds
 * @param recentP50Millis commit latency over the last few seconds (NaN when none committed then)
 * @param commitSumSeconds the sum of every commit latency, for a Prometheus summary
 */
public record LoadView(
    long submitted,
    long accepted,
    long rejected,
    long committed,
    double committedPerSecond,
    double recentP50Millis,
    double recentP99Millis,
    double p50Millis,
    double p90Millis,
    double p99Millis,
    double commitSumSeconds) {
  /** The seconds the recent rate and latencies cover. */
  static final int RECENT_SECONDS = 3;

  /** Reads {@code recorder} at {@code nowSecond} of the run (its own time base). */
  public static LoadView of(LoadRecorder recorder, int nowSecond) {
    Histogram all = recorder.committedLatency();
    Histogram recent = recorder.recentCommitLatency(nowSecond, RECENT_SECONDS);
    return new LoadView(
        recorder.submittedTotal(),
        recorder.acceptedTotal(),
        recorder.rejectedTotal(),
        recorder.committedTotal(),
        recorder.recentCommitRate(nowSecond, RECENT_SECONDS),
        millis(recent, 50),
        millis(recent, 99),
        millis(all, 50),
        millis(all, 90),
        millis(all, 99),
        all.getTotalCount() == 0 ? 0 : all.getMean() * all.getTotalCount() / 1e6);
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e3;
  }
}
