package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ledgerlab run} on the process engine serves the dashboard while it runs: read during the
 * load, its state carries the workload's own counters and its {@code /metrics} the lab's series;
 * once the run ends, nothing listens there any more.
 */
@Timeout(150)
class RunDashboardIT {
  private static final Pattern URL = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  /** The run's processes: the nodes the run, in this JVM, started. */
  private RunProcesses processes;

  @AfterEach
  void noProcessOutlivesTheTest() throws Exception {
    // A test stopped by its @Timeout is interrupted; the sweep must still wait.
    Thread.interrupted();
    if (processes != null) {
      processes.killAll();
      assertThat(processes.awaitGone(Duration.ofSeconds(5)))
          .as("processes alive after the test")
          .isEmpty();
    }
  }

  @Test
  void aProcessRunServesItsLoadLiveAndStopsServingAtTheEnd() throws Exception {
    Path scenario =
        Files.writeString(
            work.resolve("live.yaml"),
            "name: live\nengine: process\nseed: 1\n"
                + "network: {name: live, validators: 4, accounts: 100, blockInterval: 200ms}\n"
                + "workload: {kind: transfer, rate: 50/s, duration: 10s, warmup: 0s}\n"
                + "checks: {liveness: 30s, quiet: 1s}\n");
    Path run = work.resolve("run");
    processes = new RunProcesses(run);
    StringWriter out = new StringWriter();
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    int[] exit = {-1};
    Thread running =
        new Thread(
            () -> exit[0] = cli.execute("run", scenario.toString(), "--run-dir", run.toString()),
            "run");
    running.start();
    HttpClient http = HttpClient.newHttpClient();
    URI dashboard = null;
    JsonNode loaded = null;
    String metrics = "";
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (loaded == null && running.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(300);
        processes.recordDescendants();
        Matcher m = URL.matcher(text(out));
        if (dashboard == null && m.find()) {
          dashboard = URI.create(m.group(1));
        }
        if (dashboard != null) {
          JsonNode s = JSON.readTree(get(http, dashboard.resolve("/api/state")));
          if (s.path("load").path("committed").asLong() > 0) {
            loaded = s;
            metrics = get(http, dashboard.resolve("/metrics"));
          }
        }
      }
    } finally {
      running.join(Duration.ofSeconds(120).toMillis());
    }
    assertThat(running.isAlive()).as("the run ended").isFalse();
    assertThat(exit[0]).as(text(out)).isZero();
    assertThat(loaded)
        .as("a state with committed load, read during the run:%n%s", text(out))
        .isNotNull();
    assertThat(loaded.path("nodes").findValuesAsText("name"))
        .containsExactly("n0", "n1", "n2", "n3");
    assertThat(loaded.path("load").path("committedPerSecond").isNumber()).isTrue();
    assertThat(metrics)
        .contains(
            "ledgerlab_lab_transactions_committed_total ",
            "ledgerlab_lab_commit_latency_seconds_count ");
    assertThat(Files.readString(run.resolve("logs/lab.jsonl"), StandardCharsets.UTF_8))
        .contains("\"event\":\"lab.dashboard.started\"", dashboard.toString());
    assertThat(processes.recorded()).as("the four nodes were seen").isGreaterThanOrEqualTo(4);
    assertThat(processes.awaitGone(Duration.ofSeconds(10)))
        .as("processes the run left behind")
        .isEmpty();
    URI closed = dashboard;
    assertThatThrownBy(() -> get(http, closed.resolve("/api/state")))
        .isInstanceOf(IOException.class);
  }

  private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String text(StringWriter out) {
    synchronized (out.getBuffer()) {
      return out.toString();
    }
  }
}
