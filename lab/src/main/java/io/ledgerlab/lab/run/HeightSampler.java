package io.ledgerlab.lab.run;

import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples every node's height twice a second of run time, for the heights chart and the liveness
 * check. Each node is sampled on its own, so a node that does not answer delays no other.
 */
final class HeightSampler implements AutoCloseable {
  private static final long PERIOD_MICROS = 500_000;

  private final List<ChainClient> clients;
  private final Timeline timeline;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();
  private final Map<String, Long> latest = new LinkedHashMap<>();
  private volatile boolean running = true;

  HeightSampler(List<ChainClient> clients, Timeline timeline) {
    this.clients = clients;
    this.timeline = timeline;
    clients.forEach(c -> series.put(c.node(), new ArrayList<>()));
    clients.forEach(c -> timeline.after(0, () -> loop(c)));
  }

  private void loop(ChainClient c) {
    if (!running) {
      return;
    }
    sample(c);
    timeline.after(PERIOD_MICROS, () -> loop(c));
  }

  /** Samples every node now. */
  void sample() {
    clients.forEach(this::sample);
  }

  private void sample(ChainClient c) {
    try {
      long h = c.head().height();
      double t = timeline.nowMicros() / 1e6;
      synchronized (this) {
        series.get(c.node()).add(new double[] {t, h});
        latest.put(c.node(), h);
      }
    } catch (ClientException e) {
      // A node that is down has no point here: the chart shows a gap.
    }
  }

  /** The last height {@code node} reported, or -1. */
  synchronized long latest(String node) {
    return latest.getOrDefault(node, -1L);
  }

  /**
   * The highest height any of {@code nodes} ever reported: what the liveness check wants passed. A
   * node whose chain went back (one that forgot its blocks on a restart) must climb above it again.
   */
  synchronized long highestEver(List<String> nodes) {
    long max = -1;
    for (String n : nodes) {
      for (double[] p : series.getOrDefault(n, List.of())) {
        max = Math.max(max, (long) p[1]);
      }
    }
    return max;
  }

  synchronized Map<String, List<double[]>> series() {
    Map<String, List<double[]>> out = new LinkedHashMap<>();
    // In time order: the pipeline's own samples interleave with the node loops'.
    series.forEach(
        (k, v) ->
            out.put(
                k, v.stream().sorted(java.util.Comparator.comparingDouble(p -> p[0])).toList()));
    return out;
  }

  @Override
  public void close() {
    running = false;
  }
}
