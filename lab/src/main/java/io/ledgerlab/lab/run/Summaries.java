package io.ledgerlab.lab.run;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Turns what a run measured into the summary its report is drawn from. */
final class Summaries {
  private Summaries() {}

  static RunSummary of(
      Scenario scenario,
      String engine,
      Instant startedAt,
      double durationSeconds,
      List<CheckResult> checks,
      LoadRecorder recorder,
      History history,
      Map<String, List<double[]>> heights,
      List<RunSummary.FaultWindow> faults,
      List<RunSummary.Phase> phases,
      double healAt) {
    List<RunSummary.Check> out = new ArrayList<>();
    for (CheckResult c : checks) {
      Double at =
          c.validity() == io.ledgerlab.lab.check.Validity.VALID ? null : atSeconds(c, healAt);
      out.add(new RunSummary.Check(c.name(), c.validity().name(), c.details(), at));
    }
    long unknown;
    synchronized (history) {
      unknown = history.count(History.Type.INFO);
    }
    double loadSeconds = scenario.workload().durationMicros() / 1e6;
    Map<String, RunSummary.Latency> latency = new LinkedHashMap<>();
    latency.put("accepted", latency(recorder.acceptedLatency()));
    latency.put("committed", latency(recorder.committedLatency()));
    if (recorder.readTotal() > 0) {
      latency.put("read", latency(recorder.readLatency()));
    }
    RunSummary.Stats stats =
        new RunSummary.Stats(
            recorder.submittedTotal(),
            recorder.acceptedTotal(),
            recorder.rejectedTotal(),
            recorder.committedTotal(),
            unknown,
            recorder.committedTotal() / loadSeconds,
            latency);
    List<RunSummary.Series> heightSeries = new ArrayList<>();
    heights.forEach((node, points) -> heightSeries.add(new RunSummary.Series(node, points)));
    return new RunSummary(
        scenario.name(),
        engine,
        scenario.seed(),
        startedAt.toString(),
        durationSeconds,
        CheckResult.overall(checks).name(),
        out,
        stats,
        throughput(recorder),
        latencySeries(recorder),
        heightSeries,
        faults,
        phases);
  }

  /** When a failed check shows: a fork or a stall after the heal is seen around the heal. */
  private static Double atSeconds(CheckResult c, double healAt) {
    return switch (c.name()) {
      case "liveness", "safety", "state-agreement" -> healAt;
      default -> null;
    };
  }

  static RunSummary.Latency latency(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new RunSummary.Latency(0, 0, 0, 0, 0);
    }
    return new RunSummary.Latency(
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1_000.0,
        h.getValueAtPercentile(90) / 1_000.0,
        h.getValueAtPercentile(99) / 1_000.0,
        h.getMaxValue() / 1_000.0);
  }

  private static List<RunSummary.Series> throughput(LoadRecorder recorder) {
    List<double[]> submitted = new ArrayList<>();
    List<double[]> accepted = new ArrayList<>();
    List<double[]> committed = new ArrayList<>();
    List<LoadRecorder.Second> seconds = recorder.seconds();
    for (int s = 0; s < seconds.size(); s++) {
      LoadRecorder.Second x = seconds.get(s);
      if (x.submitted() + x.accepted() + x.committed() == 0) {
        continue;
      }
      submitted.add(new double[] {s, x.submitted()});
      accepted.add(new double[] {s, x.accepted()});
      committed.add(new double[] {s, x.committed()});
    }
    return List.of(
        new RunSummary.Series("submitted/s", submitted),
        new RunSummary.Series("accepted/s", accepted),
        new RunSummary.Series("committed/s", committed));
  }

  private static List<RunSummary.Series> latencySeries(LoadRecorder recorder) {
    List<double[]> p50 = new ArrayList<>();
    List<double[]> p90 = new ArrayList<>();
    List<double[]> p99 = new ArrayList<>();
    List<double[]> max = new ArrayList<>();
    List<LoadRecorder.Second> seconds = recorder.seconds();
    for (int s = 0; s < seconds.size(); s++) {
      Histogram h = seconds.get(s).commitLatency();
      if (h.getTotalCount() == 0) {
        continue;
      }
      p50.add(new double[] {s, h.getValueAtPercentile(50) / 1_000.0});
      p90.add(new double[] {s, h.getValueAtPercentile(90) / 1_000.0});
      p99.add(new double[] {s, h.getValueAtPercentile(99) / 1_000.0});
      max.add(new double[] {s, h.getMaxValue() / 1_000.0});
    }
    return List.of(
        new RunSummary.Series("p50", p50),
        new RunSummary.Series("p90", p90),
        new RunSummary.Series("p99", p99),
        new RunSummary.Series("max", max));
  }
}
