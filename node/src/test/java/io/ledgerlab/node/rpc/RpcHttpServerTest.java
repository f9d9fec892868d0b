package io.ledgerlab.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ledgerlab.node.metrics.NodeMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node's HTTP endpoint over real HTTP on loopback: JSON-RPC, metrics, health, limits. */
@Timeout(30)
class RpcHttpServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NodeMetrics.Snapshot SNAPSHOT = new NodeMetrics.Snapshot(4242, 3, 7, 900, 2);

  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private NodeMetrics metrics;
  private RpcHttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    metrics = new NodeMetrics(() -> SNAPSHOT);
    JsonRpc rpc =
        new JsonRpc(
            Map.of(
                "echo", p -> TextNode.valueOf(p.string("text", 0)),
                "double", p -> LongNode.valueOf(2 * p.anyLong("n", 0))));
    server =
        RpcHttpServer.bind(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), rpc, metrics, healthy::get);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.address().getPort());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aCallIsAnsweredAsJson() throws Exception {
    HttpResponse<String> r =
        post("{\"jsonrpc\":\"2.0\",\"method\":\"double\",\"params\":[21],\"id\":1}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(r.body()).get("result").asLong()).isEqualTo(42);
  }

  @Test
  void garbageIsAParseErrorWithStatus200() throws Exception {
    HttpResponse<String> r = post("{{{");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).at("/error/code").asInt()).isEqualTo(RpcError.PARSE_ERROR);
  }

  @Test
  void aBodyOverOneMebibyteIs413WithAJsonRpcError() throws Exception {
    for (int size :
        List.of(RpcHttpServer.BODY_BYTES_MAX + 1, RpcHttpServer.BODY_BYTES_MAX + 4096)) {
      HttpResponse<String> r = post(new byte[size]);
      assertThat(r.statusCode()).as("%d bytes", size).isEqualTo(413);
      JsonNode error = JSON.readTree(r.body());
      assertThat(error.at("/error/code").asInt()).isEqualTo(RpcError.INVALID_REQUEST);
      assertThat(error.at("/error/message").asText())
          .contains(String.valueOf(RpcHttpServer.BODY_BYTES_MAX));
      assertThat(error.get("jsonrpc").asText()).isEqualTo("2.0");
    }
  }

  /**
   * BUG (reported, not fixed here): {@code RpcHttpServer.serveRpc} answers 413 after reading only
   * {@code BODY_BYTES_MAX + 1} bytes. The JDK server then drains at most 64 KiB of the rest and
   * closes a socket that still holds unread bytes, which sends a TCP reset; a client that is still
   * sending, or has not read the answer yet, loses it ("fixed content-length: 98, bytes received:
   * 0"). About one 2 MiB request in 20 here. Expected: every oversized request gets its 413, for
   * example by reading and discarding the rest of the body (bounded) before answering.
   */
  @Test
  void aBodyFarOverTheLimitStillGetsThe413() throws Exception {
    int failures = 0;
    String last = "";
    for (int i = 0; i < 20; i++) {
      try {
        HttpResponse<String> r = post(new byte[2 * RpcHttpServer.BODY_BYTES_MAX]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).at("/error/code").asInt())
            .isEqualTo(RpcError.INVALID_REQUEST);
      } catch (IOException e) {
        failures++;
        last = e.toString();
      }
    }
    assertThat(failures).as("requests without an answer, last: %s", last).isZero();
  }

  @Test
  void aBodyOfExactlyTheLimitIsRead() throws Exception {
    // A valid call padded with spaces to exactly the limit.
    String call = "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"edge\"],\"id\":1}";
    String body = call + " ".repeat(RpcHttpServer.BODY_BYTES_MAX - call.length());
    HttpResponse<String> r = post(body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("result").asText()).isEqualTo("edge");
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    metrics.commitLatency(0.3);
    metrics.committed(5, 0.2);
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    String text = r.body();
    assertThat(text).containsPattern(line("ledgerlab_height 4242(\\.0)?"));
    assertThat(text).containsPattern(line("ledgerlab_peers 2(\\.0)?"));
    assertThat(text).containsPattern(line("ledgerlab_mempool_bytes 900(\\.0)?"));
    assertThat(text)
        .containsPattern(line("ledgerlab_commit_latency_seconds_bucket\\{le=\"0.25\"} 0"));
    assertThat(text)
        .containsPattern(line("ledgerlab_commit_latency_seconds_bucket\\{le=\"0.5\"} 1"));
    assertThat(text)
        .containsPattern(line("ledgerlab_commit_latency_seconds_bucket\\{le=\"\\+Inf\"} 1"));
    assertThat(text).containsPattern(line("ledgerlab_transactions_committed_total 5(\\.0)?"));
  }

  @Test
  void observerRelayAndRescueMetricsHaveTheirSharedNames() throws Exception {
    NodeMetrics observer =
        new NodeMetrics(
            () ->
                new NodeMetrics.Snapshot(
                    10, 0, 0, 0, 2, 3, 17, Map.of("n1", "v1", "n0", "ledgerlab-node/0.1.0-dev")));
    observer.role("observer");
    observer.observed(0, 1.0, List.of("n3"));
    observer.observed(2, 0.4, List.of("n3", "n1"));
    observer.divergence();
    observer.rescued(4);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    observer.write(out);
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).containsPattern(line("ledgerlab_role\\{role=\"observer\"} 1(\\.0)?"));
    assertThat(text).containsPattern(line("ledgerlab_observer_blocks_total 2(\\.0)?"));
    assertThat(text).containsPattern(line("ledgerlab_observer_certificates_total 2(\\.0)?"));
    assertThat(text).containsPattern(line("ledgerlab_observer_round_changes_total 1(\\.0)?"));
    assertThat(text).containsPattern(line("ledgerlab_observer_divergences_total 1(\\.0)?"));
    assertThat(text)
        .containsPattern(
            line("ledgerlab_observer_missed_votes_total\\{validator=\"n3\"} 2(\\.0)?"));
    assertThat(text)
        .containsPattern(
            line("ledgerlab_observer_missed_votes_total\\{validator=\"n1\"} 1(\\.0)?"));
    assertThat(text)
        .containsPattern(line("ledgerlab_observer_block_interval_seconds_bucket\\{le=\"0.5\"} 1"));
    assertThat(text)
        .containsPattern(line("ledgerlab_relayed_messages_total\\{kind=\"proposal\"} 3(\\.0)?"));
    assertThat(text)
        .containsPattern(line("ledgerlab_relayed_messages_total\\{kind=\"vote\"} 17(\\.0)?"));
    assertThat(text).containsPattern(line("ledgerlab_rescued_transactions_total 4(\\.0)?"));
    assertThat(text)
        .containsPattern(
            line("ledgerlab_peer_version_info\\{peer=\"n1\",version=\"v1\"} 1(\\.0)?"));
    assertThat(text)
        .containsPattern(
            line(
                "ledgerlab_peer_version_info\\{peer=\"n0\",version=\"ledgerlab-node/0.1.0-dev\"}"
                    + " 1(\\.0)?"));
  }

  @Test
  void healthFollowsTheSupplier() throws Exception {
    HttpResponse<String> ok = get("/health");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("ok\n");
    healthy.set(false);
    assertThat(get("/health").statusCode()).isEqualTo(503);
    healthy.set(true);
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathsAndMethodsAre404() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(base.resolve("/metrics")).POST(body("{}"))).statusCode())
        .isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(base.resolve("/")).PUT(body("{}"))).statusCode())
        .isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(base.resolve("/health")).DELETE()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aNotificationIs204WithoutABody() throws Exception {
    HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"x\"]}");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void concurrentRequestsAreAllAnsweredToTheirCaller() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long n = i;
        answers.add(
            clients.submit(
                () -> {
                  HttpResponse<String> r =
                      post(
                          "{\"jsonrpc\":\"2.0\",\"method\":\"double\",\"params\":{\"n\":"
                              + n
                              + "},\"id\":"
                              + n
                              + "}");
                  assertThat(r.statusCode()).isEqualTo(200);
                  JsonNode json = JSON.readTree(r.body());
                  assertThat(json.get("id").asLong()).isEqualTo(n);
                  return json.get("result").asLong();
                }));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get()).isEqualTo(2L * i);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private static Pattern line(String regex) {
    return Pattern.compile("(?m)^" + regex + "$");
  }

  private HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve("/")).POST(body(body)));
  }

  private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve("/"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher body(String text) {
    return HttpRequest.BodyPublishers.ofString(text);
  }
}
