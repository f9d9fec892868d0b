package io.ledgerlab.lab.run;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Samples every node's height twice a second, for the heights chart and the liveness check. */
final class HeightSampler implements AutoCloseable {
  private static final long PERIOD_MILLIS = 500;

  private final List<NodeClient> clients;
  private final long runStartNanos;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();
  private final Map<String, Long> latest = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  HeightSampler(List<NodeClient> clients, long runStartNanos) {
    this.clients = clients;
    this.runStartNanos = runStartNanos;
    clients.forEach(c -> series.put(c.node(), new ArrayList<>()));
    this.thread = new Thread(this::loop, "height-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void sample() {
    for (NodeClient c : clients) {
      try {
        long h = c.head().height();
        double t = (System.nanoTime() - runStartNanos) / 1e9;
        synchronized (this) {
          series.get(c.node()).add(new double[] {t, h});
          latest.put(c.node(), h);
        }
      } catch (RpcException e) {
        // A node that is down has no point here: the chart shows a gap.
      }
    }
  }

  /** The last height each node reported, or -1. */
  synchronized long latest(String node) {
    return latest.getOrDefault(node, -1L);
  }

  synchronized long highest() {
    return latest.values().stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  synchronized Map<String, List<double[]>> series() {
    Map<String, List<double[]>> out = new LinkedHashMap<>();
    series.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
