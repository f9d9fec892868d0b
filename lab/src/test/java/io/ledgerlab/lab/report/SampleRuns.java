package io.ledgerlab.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic run summaries for the report tests. */
final class SampleRuns {
  /** 2026-11-24T07:10:00Z in microseconds since the epoch. */
  static final long START_MICROS = 1_795_504_200_000_000L;

  static final String STARTED_AT = "2026-11-24T07:10:00Z";

  private SampleRuns() {}

  /**
   * A 60 s run of 4 nodes with a partition from 20 s to 35 s: safety INVALID at 30 s, liveness
   * UNKNOWN (no time given), supply VALID.
   */
  static RunSummary partitioned(String safetyDetails) {
    List<RunSummary.Check> checks =
        List.of(
            new RunSummary.Check("safety", "INVALID", safetyDetails, 30.0),
            new RunSummary.Check("liveness", "UNKNOWN", "no commit seen after the heal", null),
            new RunSummary.Check("supply", "VALID", "supply constant at 1000000", null));
    return run("partition-heal", 4, 60, 1, checks, "INVALID");
  }

  /** A run of {@code nodes} nodes over {@code seconds} s, sampled every {@code step} s. */
  static RunSummary run(
      String scenario,
      int nodes,
      double seconds,
      double step,
      List<RunSummary.Check> checks,
      String verdict) {
    Map<String, RunSummary.Latency> latency = new LinkedHashMap<>();
    latency.put("accepted", new RunSummary.Latency(980, 3.1, 7.5, 12.25, 40));
    latency.put("committed", new RunSummary.Latency(950, 210, 480, 900.5, 2100));
    RunSummary.Stats stats = new RunSummary.Stats(1000, 980, 12, 950, 8, 15.8, latency);
    List<RunSummary.Series> throughput =
        List.of(
            series("submitted/s", seconds, step, t -> 20),
            series("accepted/s", seconds, step, t -> inPartition(t) ? 14 : 19.5),
            series("committed/s", seconds, step, t -> inPartition(t) ? 0 : 19));
    List<RunSummary.Series> latencySeries =
        List.of(
            series("p50", seconds, step, t -> inPartition(t) ? 900 : 200),
            series("p90", seconds, step, t -> inPartition(t) ? 1500 : 450),
            series("p99", seconds, step, t -> inPartition(t) ? 1900 : 800),
            series("max", seconds, step, t -> t == 30 ? 5000 : inPartition(t) ? 2000 : 1000));
    List<RunSummary.Series> heights = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      int lag = n;
      heights.add(series("n" + n, seconds, step, t -> Math.floor(Math.max(0, t - lag) * 2)));
    }
    List<RunSummary.FaultWindow> faults =
        List.of(
            new RunSummary.FaultWindow("partition", "n0,n1|n2,n3", 20, 35.0),
            new RunSummary.FaultWindow("kill", "n3", 40, null));
    List<RunSummary.Phase> phases =
        List.of(
            new RunSummary.Phase("warm-up", 0, 5),
            new RunSummary.Phase("load under faults", 5, seconds * 0.75),
            new RunSummary.Phase("heal + liveness", seconds * 0.75, seconds));
    return new RunSummary(
        scenario,
        "process",
        42,
        STARTED_AT,
        seconds,
        RunSummary.COMPLETED,
        verdict,
        checks,
        stats,
        throughput,
        latencySeries,
        heights,
        faults,
        phases,
        network(),
        START_MICROS,
        "",
        List.of());
  }

  static RunSummary.NetworkInfo network() {
    List<RunSummary.NodeInfo> nodes = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      nodes.add(new RunSummary.NodeInfo("n" + n, "honest", "honest", "none", 1, 0));
    }
    return new RunSummary.NetworkInfo(nodes, "0 Byzantine of 4 is within f = 1", true);
  }

  private static boolean inPartition(double t) {
    return t >= 20 && t < 35;
  }

  private static RunSummary.Series series(
      String name, double seconds, double step, java.util.function.DoubleUnaryOperator f) {
    List<double[]> points = new ArrayList<>();
    for (long i = 0; i * step <= seconds; i++) {
      double t = i * step;
      points.add(new double[] {t, f.applyAsDouble(t)});
    }
    return new RunSummary.Series(name, points);
  }

  /** Microseconds since the epoch of second {@code t} of the run. */
  static long at(double t) {
    return START_MICROS + Math.round(t * 1e6);
  }
}
