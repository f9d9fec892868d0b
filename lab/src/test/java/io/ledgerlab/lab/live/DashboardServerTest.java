package io.ledgerlab.lab.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardServerTest {
  static final String HOSTILE = "<img src=x onerror=alert(1)>\"'&";

  private final HttpClient http = HttpClient.newHttpClient();
  private DashboardServer server;

  static Snapshot sample() {
    NodeRow n0 =
        new NodeRow(
            "n0",
            "running",
            true,
            12,
            0,
            List.of("n1"),
            HOSTILE,
            "validator",
            "a0",
            4,
            true,
            false,
            null);
    NodeRow n1 = NodeRow.silent(HOSTILE, "down", null);
    LoadView load = new LoadView(100, 98, 2, 90, 30.5, 210, 480, 200, 350, 500, 19.0);
    return new Snapshot(
        "net\"1",
        1_700_000_000_000_000L,
        null,
        List.of(n0, n1),
        new Snapshot.Chain(12, 1_000.0, 1_010.0, "n0"),
        Optional.of(load),
        new Participation(
            "observer o0",
            List.of(
                Participation.Validator.of("n0", 10, 9),
                Participation.Validator.of(HOSTILE, 10, 5))),
        List.of(
            new LiveSource.FaultInForce("kill", "n1"),
            new LiveSource.FaultInForce("partition", "n0 | n1")),
        List.of(
            new Snapshot.Sample(1_000, Map.of("n0", 11L), 30.0, 200.0, 480.0, 1_000.0, 1),
            new Snapshot.Sample(2_000, Map.of("n0", 12L), null, null, null, null, 2)));
  }

  @BeforeEach
  void start() throws IOException {
    server = DashboardServer.start(0, DashboardServerTest::sample);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void thePageIsOneSelfContainedFileThatPutsDataInAsTextOnly() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "connect-src 'self'");
    String page = r.body();
    assertThat(page).contains("id=\"nodes\"", "id=\"chart-heights\"", "/api/state");
    // Nothing from elsewhere, and no API that parses a string as HTML.
    assertThat(page).doesNotContain("http://cdn", "https://", "src=\"http");
    assertThat(page)
        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
  }

  @Test
  void theStateIsJsonWithEveryPart() throws Exception {
    HttpResponse<String> r = get("/api/state");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode s = new ObjectMapper().readTree(r.body());
    assertThat(s.path("network").asText()).isEqualTo("net\"1");
    assertThat(s.path("nodes")).hasSize(2);
    assertThat(s.path("nodes").get(0).path("version").asText()).isEqualTo(HOSTILE);
    assertThat(s.path("nodes").get(1).has("height")).isFalse();
    assertThat(s.path("nodesUp").asInt()).isEqualTo(1);
    assertThat(s.path("chain").path("blockTimeMillis").asDouble()).isEqualTo(1_000.0);
    assertThat(s.path("load").path("committed").asLong()).isEqualTo(90);
    assertThat(s.path("participation").path("validators").get(1).path("missedRatio").asDouble())
        .isEqualTo(0.5);
    assertThat(s.path("participation").path("cumulative").asBoolean()).isTrue();
    assertThat(s.path("faults").get(1).path("target").asText()).isEqualTo("n0 | n1");
    assertThat(s.path("history").get(1).path("committedPerSecond").isNull()).isTrue();
    assertThat(s.path("history").get(1).path("heights").path("n0").asLong()).isEqualTo(12);
  }

  @Test
  void metricsAreThePrometheusTextOfTheLab() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(r.body())
        .contains(
            "ledgerlab_lab_nodes 2\n",
            "ledgerlab_lab_nodes_up 1\n",
            "ledgerlab_lab_transactions_committed_total 90\n",
            "ledgerlab_lab_faults_in_force{kind=\"kill\"} 1\n",
            "ledgerlab_lab_faults_in_force{kind=\"pause\"} 0\n",
            "ledgerlab_lab_commit_latency_seconds{quantile=\"0.99\"} 0.5\n");
  }

  @Test
  void anUnknownPathIs404() throws Exception {
    HttpResponse<String> r = get("/etc/passwd");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("no such page: /etc/passwd");
  }

  @Test
  void anythingButGetIs405() throws Exception {
    for (String path : List.of("/", "/api/state", "/metrics")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(server.uri().resolve(path))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET");
      assertThat(r.body()).contains("POST " + path + ": only GET is served");
    }
  }

  @Test
  void aRequestForAnotherHostIsRefused() throws Exception {
    URI uri = server.uri();
    try (Socket s = new Socket("127.0.0.1", uri.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /api/state HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response)
          .startsWith("HTTP/1.1 403")
          .contains("answers only requests addressed to");
    }
  }

  @Test
  void itListensOnLoopbackOnly() {
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.metricsUri().toString()).isEqualTo(server.uri() + "metrics");
  }

  @Test
  void aPortInUseIsRefusedNamingIt() {
    int port = server.uri().getPort();
    assertThatThrownBy(() -> DashboardServer.start(port, DashboardServerTest::sample))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + port);
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertThatThrownBy(() -> DashboardServer.start(70_000, DashboardServerTest::sample))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 0 (a free port) to 65535, got 70000");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
