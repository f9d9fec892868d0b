package io.ledgerlab.lab.monitor;

import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The run's monitoring, as the pipeline drives it: {@link #start} after the nodes started writes
 * {@code prometheus/prometheus.yml} and {@code prometheus/alerts.yml} into the run directory and
 * starts a Prometheus of the run's own; {@link #alerts} before the nodes stop asks it when each
 * alert fired; {@link #close} stops it, however the run ended.
 */
public final class Monitor implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** At most this many points a query_range answers with; Prometheus refuses more than 11,000. */
  private static final int POINTS_MAX = 10_000;

  private final Network.Monitoring settings;
  private final Prometheus prometheus;
  private final EventLog labLog;
  private final Consumer<String> console;
  private final double startedEpochSeconds;
  private boolean closed;
  // The step of the last query of the alerts; 0 before any.
  private volatile double stepSeconds;

  private Monitor(
      Network.Monitoring settings,
      Prometheus prometheus,
      EventLog labLog,
      Consumer<String> console,
      double startedEpochSeconds) {
    this.settings = settings;
    this.prometheus = prometheus;
    this.labLog = labLog;
    this.console = console;
    this.startedEpochSeconds = startedEpochSeconds;
  }

  /** The directory of the run's Prometheus: its configuration, rules, data and output. */
  public static Path directory(RunLayout run) {
    return run.root().resolve("prometheus");
  }

  /**
   * Checks, before anything starts, that the network's monitoring can run here.
   *
   * @throws IOException naming what to install when Prometheus is missing
   */
  public static void check(Network network) throws IOException {
    if (network.monitoring().enabled()) {
      Prometheus.binary();
    }
  }

  /**
   * Starts the network's monitoring, if it asks for any: every node of {@code engine} is a target
   * of job {@code nodes}, the lab's own metrics (when it serves them) of job {@code lab}.
   *
   * @param labMetrics where the lab serves its own metrics ({@code http://127.0.0.1:port/metrics}),
   *     which Prometheus scrapes as job {@code lab}
   * @throws IOException when a node has no endpoint on this engine, or Prometheus does not start
   */
  public static Optional<Monitor> start(
      Network network,
      Engine engine,
      RunLayout run,
      Optional<URI> labMetrics,
      EventLog labLog,
      Consumer<String> console)
      throws IOException, InterruptedException {
    Network.Monitoring m = network.monitoring();
    if (!m.enabled()) {
      return Optional.empty();
    }
    List<ScrapeTarget> targets = new ArrayList<>();
    for (Network.NodeSpec n : network.nodes()) {
      URI endpoint =
          engine
              .rpcEndpoint(n.name())
              .orElseThrow(
                  () ->
                      new IOException(
                          "monitoring: the "
                              + engine.name()
                              + " engine gives no endpoint of "
                              + n.name()
                              + " for Prometheus to scrape"));
      targets.add(new ScrapeTarget(n.name(), role(n), endpoint));
    }
    Path dir = directory(run);
    Files.createDirectories(dir);
    Path rules = dir.resolve("alerts.yml");
    Files.writeString(rules, AlertRules.render(m));
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, PrometheusConfig.render(m, targets, labMetrics, rules));
    double started = System.currentTimeMillis() / 1e3;
    Prometheus p = Prometheus.start(dir, config, READY_TIMEOUT);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("url", p.url().toString());
    fields.put("targets", targets.size() + (labMetrics.isPresent() ? 1 : 0));
    fields.put("scrapeIntervalMicros", m.scrapeIntervalMicros());
    labLog.info("lab.monitoring.started", fields);
    console.accept(
        "prometheus: "
            + p.url()
            + " (scraping "
            + targets.size()
            + " nodes"
            + (labMetrics.isPresent() ? " and the lab" : "")
            + " every "
            + PrometheusConfig.duration(m.scrapeIntervalMicros())
            + "; rules in "
            + rules
            + ")");
    return Optional.of(new Monitor(m, p, labLog, console, started));
  }

  /** The role label of a node: {@code validator} or {@code observer}, as the manifest says. */
  static String role(Network.NodeSpec n) {
    return n.role().key();
  }

  public URI url() {
    return prometheus.url();
  }

  public Prometheus prometheus() {
    return prometheus;
  }

  /**
   * Asks Prometheus for every alert that fired since it started, as windows relative to the run's
   * second 0; logs {@code lab.monitoring.alert} for each and prints how many there are.
   *
   * @param zeroEpochMicros the run's second 0, in microseconds since the epoch
   */
  public List<RunSummary.Alert> alerts(long zeroEpochMicros)
      throws IOException, InterruptedException {
    double end = System.currentTimeMillis() / 1e3;
    double step = step(settings.scrapeIntervalMicros() / 1e6, end - startedEpochSeconds);
    stepSeconds = step;
    List<RunSummary.Alert> alerts =
        AlertWindows.of(
            prometheus.queryRange(AlertWindows.FIRING, startedEpochSeconds, end, step),
            zeroEpochMicros / 1e6,
            step,
            end);
    // The windows themselves are listed with the verdicts, from the summary.
    console.accept(
        alerts.isEmpty()
            ? "alerts: none fired"
            : "alerts: "
                + alerts.size()
                + (alerts.size() == 1 ? " window" : " windows")
                + " fired");
    for (RunSummary.Alert a : alerts) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("alert", a.alert());
      fields.put("labels", a.labels());
      fields.put("start", a.start());
      fields.put("end", a.end());
      fields.put("firingAtEnd", a.firingAtEnd());
      labLog.warn("lab.monitoring.alert", fields);
    }
    return alerts;
  }

  /**
   * The step of a query_range over {@code spanSeconds}: the evaluation interval, or coarser when
   * the span holds more than {@link #POINTS_MAX} of them.
   */
  static double step(double evaluationSeconds, double spanSeconds) {
    return Math.max(evaluationSeconds, spanSeconds / POINTS_MAX);
  }

  /**
   * A note for the run when the alerts were read at a step coarser than the rules' evaluation
   * interval (a long run): each window's ends are then known to that step only. Empty otherwise, or
   * before {@link #alerts} read them.
   */
  public Optional<String> coarseStepNote() {
    return coarseStepNote(stepSeconds, settings.scrapeIntervalMicros() / 1e6);
  }

  static Optional<String> coarseStepNote(double stepSeconds, double evaluationSeconds) {
    if (stepSeconds <= evaluationSeconds) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "monitoring: the alert windows were read at a %.1f s step, coarser than the rules'"
                + " %.1f s evaluation interval (a run of over %d intervals): each window's start"
                + " and end are known to %.1f s, and a firing shorter than that may be missing",
            stepSeconds,
            evaluationSeconds,
            POINTS_MAX,
            stepSeconds));
  }

  /** {@code alert LedgerlabHeightStalled {node=n3, role=validator} fired 12.0s-20.0s (8.0 s)}. */
  public static String line(RunSummary.Alert a) {
    return String.format(
        Locale.ROOT,
        "alert %s {%s} fired %.1fs-%.1fs (%.1f s%s)",
        a.alert(),
        AlertWindows.labels(a),
        a.start(),
        a.end(),
        a.seconds(),
        a.firingAtEnd() ? ", still firing at the end" : "");
  }

  /** Stops Prometheus; its data stays in the run directory. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    prometheus.close();
    labLog.info("lab.monitoring.stopped", Map.of("url", prometheus.url().toString()));
  }
}
