package io.ledgerlab.lab.live;

import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A live dashboard of one network: its {@link LiveState}, refreshed about once a second on a thread
 * of its own, served by a {@link DashboardServer} on loopback. Closing it stops both.
 */
public final class Dashboard implements io.ledgerlab.lab.run.Pipeline.Watching {
  public static final long REFRESH_MILLIS = 1_000;

  private final LiveState state;
  private final DashboardServer server;
  private final ScheduledExecutorService refresher;
  private final ScheduledFuture<?> task;

  private Dashboard(LiveState state, DashboardServer server, EventLog log) {
    this.state = state;
    this.server = server;
    this.refresher =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dashboard-refresh");
              t.setDaemon(true);
              return t;
            });
    this.task =
        refresher.scheduleWithFixedDelay(
            () -> refresh(log), 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts serving the network {@code source} holds on 127.0.0.1:{@code port} (0: a free port) and
   * logs {@code lab.dashboard.started {url}} to {@code log}.
   *
   * @throws IOException when the port cannot be bound
   */
  public static Dashboard start(String network, LiveSource source, int port, EventLog log)
      throws IOException {
    LiveState state = new LiveState(network, source, () -> System.currentTimeMillis() * 1_000);
    DashboardServer server;
    try {
      server = DashboardServer.start(port, state::snapshot);
    } catch (IOException | RuntimeException e) {
      state.close();
      throw e;
    }
    log.info("lab.dashboard.started", Map.of("url", server.uri().toString()));
    return new Dashboard(state, server, log);
  }

  private void refresh(EventLog log) {
    try {
      state.refresh();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // One bad refresh must not end the dashboard: the next one starts afresh.
      log.warn("lab.dashboard.refresh.failed", Map.of("reason", String.valueOf(e)));
    }
  }

  public URI uri() {
    return server.uri();
  }

  /** Where the lab's Prometheus metrics are: {@code http://127.0.0.1:port/metrics}. */
  public URI labMetrics() {
    return server.metricsUri();
  }

  @Override
  public java.util.Optional<URI> metricsUri() {
    return java.util.Optional.of(server.metricsUri());
  }

  public Snapshot snapshot() {
    return state.snapshot();
  }

  @Override
  public void close() {
    task.cancel(true);
    refresher.shutdownNow();
    server.close();
    state.close();
  }
}
