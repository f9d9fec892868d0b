package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.live.DashboardServer;
import io.ledgerlab.lab.live.LiveSource;
import io.ledgerlab.lab.live.NodeRow;
import io.ledgerlab.lab.live.Participation;
import io.ledgerlab.lab.live.Snapshot;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The live dashboard as a person sees it: a real network of four node processes brought up with
 * {@code ledgerlab up}, whose supervisor serves the dashboard, opened in headless Chromium. The
 * test reads the live page over the DevTools protocol twice and sees every node's row, drawn
 * charts, and a height that grew in between. A second page, fed hostile node names and versions,
 * shows them as text and runs none of them.
 *
 * <p>Needs {@code chromium} on the PATH (see {@link ReportBrowserIT}). Chromium, the nodes and the
 * supervisor are stopped at the end, also when the test fails.
 */
@Timeout(90)
class DashboardBrowserIT {
  private static final List<String> FOUR = List.of("n0", "n1", "n2", "n3");
  private static final Duration RENDER_MAX = Duration.ofSeconds(20);
  private static final Pattern URL = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");

  @TempDir Path work;

  @Test
  void theDashboardOfARunningNetworkShowsEveryNodeAndUpdates() throws Exception {
    Path run = work.resolve("run");
    Path manifest =
        Files.writeString(
            work.resolve("dash.yaml"),
            "name: it-dash\nvalidators: 4\naccounts: 10\nblockInterval: 200ms\n");
    RunProcesses processes = new RunProcesses(run);
    String current = currentRun();
    try {
      String[] out = new String[1];
      int code =
          cli(out, "up", manifest.toString(), "--run-dir", run.toString(), "--timeout", "60s");
      processes.record();
      assertThat(code).as(out[0]).isZero();
      Matcher m = URL.matcher(out[0]);
      assertThat(m.find()).as("the dashboard's URL in:%n%s", out[0]).isTrue();
      URI dashboard = URI.create(m.group(1));

      try (HeadlessChromium page = HeadlessChromium.open(dashboard, work)) {
        JsonNode first =
            await(
                page,
                // A node that had not answered yet at the first refresh has its line later.
                v -> v.path("rows").size() == 4 && v.path("polylines").asInt() == 4,
                "every node's row and its line in the heights chart");
        assertThat(first.path("rows").findValuesAsText("node")).containsExactlyElementsOf(FOUR);
        assertThat(first.path("heightPoints").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(first.path("title").asText()).isEqualTo("it-dash");
        long before = maxHeight(first);

        JsonNode second =
            await(page, v -> maxHeight(v) > before, "a height greater than " + before);
        assertThat(second.path("rows").size()).isEqualTo(4);
        assertThat(second.path("participation").asInt())
            .as("validators' participation")
            .isEqualTo(4);
        Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
        Files.createDirectories(target);
        page.screenshot(target.resolve("dashboard-screenshot.png"));
      }

      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(dashboard.resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("ledgerlab_lab_nodes 4\n", "ledgerlab_lab_nodes_up 4\n");
      assertThat(Files.readString(run.resolve("logs/supervisor.jsonl"), StandardCharsets.UTF_8))
          .contains("\"event\":\"lab.dashboard.started\"", "\"url\":\"" + dashboard + "\"");
      String[] status = new String[1];
      assertThat(cli(status, "status", "--run-dir", run.toString())).as(status[0]).isZero();
      assertThat(status[0]).contains("dashboard: " + dashboard);
      theDashboardCommandServesTheSameNetwork(run);
    } finally {
      cli(new String[1], "down", "--run-dir", run.toString());
      processes.killAll();
      assertThat(processes.awaitGone(Duration.ofSeconds(10))).as("processes left").isEmpty();
      restoreCurrentRun(current);
    }
  }

  @Test
  void aDashboardPortInUseLeavesTheNetworkUpAndSaysWhy() throws Exception {
    Path run = work.resolve("busy");
    Path manifest =
        Files.writeString(
            work.resolve("busy.yaml"),
            "name: it-busy\nvalidators: 4\naccounts: 10\nblockInterval: 200ms\n");
    RunProcesses processes = new RunProcesses(run);
    String current = currentRun();
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String[] out = new String[1];
      int code =
          cli(
              out,
              "up",
              manifest.toString(),
              "--run-dir",
              run.toString(),
              "--dashboard-port",
              Integer.toString(taken.getLocalPort()),
              "--timeout",
              "60s");
      processes.record();
      assertThat(code).as(out[0]).isZero();
      assertThat(out[0])
          .contains("dashboard: not served: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("dashboard: not served: dashboard:");
    } finally {
      cli(new String[1], "down", "--run-dir", run.toString());
      processes.killAll();
      assertThat(processes.awaitGone(Duration.ofSeconds(10))).as("processes left").isEmpty();
      restoreCurrentRun(current);
    }
  }

  @Test
  void namesAndVersionsFromNodesAreShownAsTextNeverRun() throws Exception {
    String hostile = "<img src=x onerror=\"window.pwned=1\"><b>n9</b>";
    NodeRow row =
        new NodeRow(
            hostile,
            "running",
            true,
            7,
            0,
            List.of(hostile),
            hostile,
            "validator",
            "a0",
            0,
            true,
            false,
            null);
    Snapshot s =
        new Snapshot(
            hostile,
            System.currentTimeMillis() * 1_000,
            null,
            List.of(row),
            new Snapshot.Chain(7, null, null, hostile),
            Optional.empty(),
            new Participation(hostile, List.of()),
            List.of(new LiveSource.FaultInForce(hostile, hostile)),
            List.of(new Snapshot.Sample(1, Map.of(hostile, 7L), null, null, null, null, 1)));
    try (DashboardServer server = DashboardServer.start(0, () -> s);
        HeadlessChromium page = HeadlessChromium.open(server.uri(), work)) {
      JsonNode v = await(page, x -> x.path("rows").size() == 1, "the hostile node's row");
      assertThat(v.path("rows").get(0).path("node").asText()).isEqualTo(hostile);
      assertThat(v.path("title").asText()).isEqualTo(hostile);
      JsonNode injected =
          page.evaluate(
              "JSON.stringify({imgs: document.querySelectorAll('img').length,"
                  + " bolds: document.querySelectorAll('b').length, pwned: window.pwned === 1})");
      assertThat(injected.asText()).isEqualTo("{\"imgs\":0,\"bolds\":0,\"pwned\":false}");
    }
  }

  /** {@code ledgerlab dashboard <run>}: its own server, reading the run through its supervisor. */
  private static void theDashboardCommandServesTheSameNetwork(Path run) throws Exception {
    DashboardCommand command = new DashboardCommand();
    CommandLine cli = new CommandLine(command);
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    int[] exit = {-1};
    Thread serving = new Thread(() -> exit[0] = cli.execute(run.toString()), "dashboard-command");
    serving.start();
    try {
      long deadline = System.nanoTime() + RENDER_MAX.toNanos();
      JsonNode state = null;
      while (System.nanoTime() < deadline) {
        var d = command.serving;
        if (d != null && d.snapshot().nodesUp() == 4) {
          HttpResponse<String> r =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(d.uri().resolve("/api/state")).build(),
                      HttpResponse.BodyHandlers.ofString());
          state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
          break;
        }
        Thread.sleep(200);
      }
      assertThat(state).as("the dashboard command's state; it printed:%n%s", out).isNotNull();
      assertThat(state.path("nodes").findValuesAsText("name")).containsExactlyElementsOf(FOUR);
      assertThat(out.toString()).contains("dashboard: http://127.0.0.1:");
    } finally {
      command.stop.countDown();
      serving.join(10_000);
    }
    assertThat(exit[0]).isZero();
    assertThat(run.resolve("logs/dashboard.jsonl")).content().contains("lab.dashboard.started");
  }

  /** What the page shows now: its rows, its charts, its participation. */
  private static final String READ =
      "(() => { if (!document.getElementById('chart-heights')) {"
          // Chromium may still be loading the page (about:blank): nothing to read yet.
          + "  return JSON.stringify({rows: []}); }"
          + "return JSON.stringify({"
          + "title: document.getElementById('network').textContent,"
          + "rows: [...document.querySelectorAll('#nodes tbody tr')].map(tr => ({"
          + "  node: tr.getAttribute('data-node'),"
          + "  height: tr.querySelector('td.height').textContent})),"
          + "heightPoints: Number(document.getElementById('chart-heights')"
          + "  .getAttribute('data-points') || 0),"
          + "polylines: document.querySelectorAll('#chart-heights polyline').length,"
          + "participation: document.querySelectorAll('#participation tbody tr').length}); })()";

  /** Reads the page until {@code until} holds, or fails saying what it last saw. */
  private static JsonNode await(HeadlessChromium page, Predicate<JsonNode> until, String what)
      throws Exception {
    long deadline = System.nanoTime() + RENDER_MAX.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(page.evaluate(READ).asText());
      if (until.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "the page did not show " + what + " in " + RENDER_MAX + "; it showed " + last);
  }

  private static long maxHeight(JsonNode view) {
    long max = -1;
    for (JsonNode r : view.path("rows")) {
      String h = r.path("height").asText();
      if (h.matches("\\d+")) {
        max = Math.max(max, Long.parseLong(h));
      }
    }
    return max;
  }

  private static int cli(String[] out, String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(o, true));
    cli.setErr(new PrintWriter(e, true));
    int code = cli.execute(args);
    out[0] = "exit " + code + "\n--- out:\n" + o + "--- err:\n" + e;
    return code;
  }

  /** {@code up} makes its run the current one: the test puts back what was there. */
  private static String currentRun() throws java.io.IOException {
    Path f = RunDirs.CURRENT.toAbsolutePath();
    return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
  }

  private static void restoreCurrentRun(String content) throws java.io.IOException {
    Path f = RunDirs.CURRENT.toAbsolutePath();
    if (content != null) {
      Files.writeString(f, content, StandardCharsets.UTF_8);
    } else {
      Files.deleteIfExists(f);
      Path runs = f.getParent();
      if (Files.isDirectory(runs)) {
        try (var left = Files.list(runs)) {
          if (left.findAny().isEmpty()) {
            Files.delete(runs);
          }
        }
      }
    }
  }
}
