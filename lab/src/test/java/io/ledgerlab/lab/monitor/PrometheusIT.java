package io.ledgerlab.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.run.Pipeline;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.RunProcesses;
import io.ledgerlab.lab.testing.Runs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus beside real nodes on the process engine: while the run goes, PromQL over its
 * HTTP API finds every node's height; a node killed for longer than {@code stalledFor} makes {@code
 * LedgerlabHeightStalled} fire for that node alone, and the window is in the run's summary.
 */
@Timeout(120)
class PrometheusIT {
  private static final String SCENARIO =
      """
      name: monitored
      engine: process
      seed: 3
      network:
        name: monitored
        validators: 4
        accounts: 50
        blockInterval: 200ms
        monitoring: {kind: prometheus, scrapeInterval: 500ms, stalledFor: 4s, window: 10s}
      workload:
        rate: 20/s
        duration: 15s
        warmup: 0s
      faults:
        schedule:
          - {at: 5s, fault: kill, node: n3, for: 8s}
      checks:
        liveness: 15s
        quiet: 1s
      """;

  private static final Pattern URL =
      Pattern.compile("^prometheus: (http://127\\.0\\.0\\.1:\\d+/) ");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void prometheusIsInstalled() throws Exception {
    // Fails, not skips: a machine without it cannot show that monitoring works.
    Prometheus.binary();
  }

  @AfterEach
  void noProcessOutlivesTheTest() throws InterruptedException {
    Thread.interrupted();
    RunProcesses processes = new RunProcesses(dir);
    List<Long> left = processes.alive();
    assertThat(processes.killAll(Duration.ofSeconds(10))).as("survived SIGKILL").isEmpty();
    assertThat(left).as("node or prometheus processes alive after the run").isEmpty();
  }

  @Test
  void promqlFindsEveryNodesHeightAndAKilledNodeFiresHeightStalled() throws Exception {
    Runs runs = new Runs(dir);
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return runs.run(SCENARIO);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    URI prometheus;
    RunSummary summary;
    try {
      prometheus = awaitUrl(runs, run);
      Map<String, Double> heights = awaitHeights(prometheus, 4);
      assertThat(heights).as("ledgerlab_height{job=\"nodes\"} by node").hasSize(4);
      assertThat(heights.values()).allSatisfy(h -> assertThat(h).isPositive());

      summary = run.get(100, TimeUnit.SECONDS);
    } finally {
      // An assertion that failed mid-run: stop the run before the sweep, not under it.
      runs.interrupt(60);
      awaitEnd(run);
    }

    assertThat(summary.status()).as("console: %s", runs.console()).isEqualTo(RunSummary.COMPLETED);
    RunSummary.FaultWindow kill =
        summary.faults().stream().filter(f -> f.target().equals("n3")).findFirst().orElseThrow();
    List<RunSummary.Alert> stalled =
        summary.alerts().stream().filter(a -> a.alert().equals(AlertRules.HEIGHT_STALLED)).toList();
    assertThat(stalled)
        .as("alerts %s, kill %s, console %s", summary.alerts(), kill, runs.console())
        .extracting(a -> a.labels().get("node"))
        .containsOnly("n3");
    RunSummary.Alert n3 = stalled.get(0);
    assertThat(n3.labels()).containsEntry("role", "validator").containsEntry("job", "nodes");
    // Not before the node was gone for stalledFor, and over once it answered again.
    assertThat(n3.start()).isBetween(kill.start() + 4 - 0.6, kill.end());
    assertThat(n3.end()).isBetween(n3.start(), kill.end() + 10);
    assertThat(n3.firingAtEnd()).isFalse();

    Path runDir = runs.lastRun();
    JsonNode written = JSON.readTree(runDir.resolve("summary.json").toFile());
    assertThat(written.path("alerts").get(0).path("alert").asText())
        .isEqualTo(AlertRules.HEIGHT_STALLED);
    assertThat(Files.readString(runDir.resolve("report.html")))
        .contains("<h2>Alerts</h2>")
        .contains("<td>LedgerlabHeightStalled</td>");
    assertThat(runs.console())
        .contains(
            "alerts: "
                + summary.alerts().size()
                + " window"
                + (summary.alerts().size() == 1 ? "" : "s")
                + " fired");
    assertThat(Monitor.line(n3))
        .startsWith("alert LedgerlabHeightStalled {node=n3, role=validator} fired ");
    String labLog = Files.readString(runDir.resolve("logs").resolve("lab.jsonl"));
    assertThat(labLog)
        .contains("\"event\":\"lab.monitoring.started\"")
        .contains("\"url\":\"" + prometheus + "\"")
        .contains("\"event\":\"lab.monitoring.alert\"");
    assertThat(runDir.resolve("prometheus").resolve("prometheus.yml")).exists();
    assertThat(runDir.resolve("prometheus").resolve("alerts.yml")).exists();
    assertThat(runDir.resolve("prometheus").resolve("data")).isDirectory();
  }

  /** Also: the lab's own metrics are scraped as job {@code lab} when the run is told of them. */
  @Test
  void ctrlCStopsPrometheusWithTheNodes() throws Exception {
    String yaml = SCENARIO.replace("duration: 15s", "duration: 60s");
    List<String> console = java.util.Collections.synchronizedList(new ArrayList<>());
    // A stand-in for the lab's own metrics server (the dashboard's), scraped as job lab.
    com.sun.net.httpserver.HttpServer lab =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    lab.createContext(
        "/metrics",
        exchange -> {
          byte[] body =
              "ledgerlab_lab_stand_in 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    lab.start();
    URI labMetrics = URI.create("http://127.0.0.1:" + lab.getAddress().getPort() + "/metrics");
    Pipeline pipeline =
        new Pipeline(
                ScenarioParser.parse("test.yaml", yaml),
                new RunLayout(dir.resolve("interrupted")),
                yaml,
                console::add)
            // As the dashboard does: a live view that says where the lab's metrics are.
            .watchedBy(
                live ->
                    new Pipeline.Watching() {
                      @Override
                      public java.util.Optional<URI> metricsUri() {
                        return java.util.Optional.of(labMetrics);
                      }

                      @Override
                      public void close() {}
                    });
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return pipeline.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    URI prometheus = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (prometheus == null && System.nanoTime() < deadline && !run.isDone()) {
      prometheus =
          console.stream()
              .map(URL::matcher)
              .filter(Matcher::find)
              .map(m -> URI.create(m.group(1)))
              .findFirst()
              .orElse(null);
      TimeUnit.MILLISECONDS.sleep(100);
    }
    if (prometheus == null) {
      pipeline.interrupt(60);
      awaitEnd(run);
      lab.stop(0);
    }
    assertThat(prometheus).as("console: %s", console).isNotNull();
    List<ProcessHandle> prometheusProcesses =
        new RunProcesses(dir)
            .alive().stream()
                .map(pid -> ProcessHandle.of(pid).orElseThrow())
                .filter(p -> p.info().command().orElse("").endsWith("/prometheus"))
                .toList();
    RunSummary summary;
    try {
      assertThat(prometheusProcesses).as("the run's prometheus").hasSize(1);
      assertThat(awaitValue(prometheus, "ledgerlab_lab_stand_in{job=\"lab\"}"))
          .as("the lab's own metrics, scraped as job lab")
          .isEqualTo(1);

      assertThat(pipeline.interrupt(60)).isTrue();
      summary = run.get(10, TimeUnit.SECONDS);
    } finally {
      lab.stop(0);
      // An assertion that failed before the interrupt: stop the run before the sweep.
      pipeline.interrupt(60);
      awaitEnd(run);
    }

    assertThat(summary.status()).isEqualTo(RunSummary.INTERRUPTED);
    assertThat(prometheusProcesses.get(0).isAlive()).as("prometheus alive after Ctrl-C").isFalse();
    assertThat(new RunProcesses(dir).alive()).as("alive after Ctrl-C").isEmpty();
    HttpClient http = HttpClient.newHttpClient();
    URI ready = prometheus.resolve("-/ready");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString()))
        .as("prometheus answers after Ctrl-C")
        .isInstanceOf(java.io.IOException.class);
  }

  /** Waits up to 30 s for a run to end, however it ends; its outcome is asserted elsewhere. */
  private static void awaitEnd(CompletableFuture<RunSummary> run) throws InterruptedException {
    try {
      run.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Its outcome is the test's to judge; here only that it no longer runs.
    }
  }

  /** The value of a one-series instant query, once it has one (within 20 s). */
  private static double awaitValue(URI prometheus, String promql) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI query =
        prometheus.resolve(
            "api/v1/query?query="
                + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8));
    String last = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      last =
          http.send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      JsonNode result = JSON.readTree(last).path("data").path("result");
      if (result.size() == 1) {
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError(promql + " has no single answer: " + last);
  }

  /** The URL the run prints when its Prometheus is ready. */
  private static URI awaitUrl(Runs runs, CompletableFuture<RunSummary> run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (String line : runs.console()) {
        Matcher m = URL.matcher(line);
        if (m.find()) {
          return URI.create(m.group(1));
        }
      }
      if (run.isDone()) {
        throw new AssertionError("the run ended without a Prometheus: " + runs.console());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("no Prometheus URL printed within 60 s: " + runs.console());
  }

  /** Asks Prometheus with PromQL until {@code nodes} nodes answer with a height, or 30 s pass. */
  private static Map<String, Double> awaitHeights(URI prometheus, int nodes) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI query =
        prometheus.resolve(
            "api/v1/query?query="
                + java.net.URLEncoder.encode(
                    "ledgerlab_height{job=\"nodes\"}", java.nio.charset.StandardCharsets.UTF_8));
    Map<String, Double> heights = new TreeMap<>();
    List<String> answers = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString());
      answers.add(r.body());
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("status").asText()).as(r.body()).isEqualTo("success");
      heights.clear();
      for (JsonNode sample : body.path("data").path("result")) {
        assertThat(sample.path("metric").path("role").asText()).isEqualTo("validator");
        heights.put(
            sample.path("metric").path("node").asText(),
            Double.parseDouble(sample.path("value").get(1).asText()));
      }
      if (heights.size() == nodes && heights.values().stream().allMatch(h -> h > 0)) {
        return heights;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError(
        "not every node answered with a height: "
            + answers.subList(Math.max(0, answers.size() - 2), answers.size()));
  }
}
