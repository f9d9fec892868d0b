package io.ledgerlab.lab.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live node process under a stream of seeded-random HTTP requests: garbage, truncated and random
 * JSON, real methods with wrong params, unknown methods, batches, oversized and deeply nested
 * bodies, other methods and paths. Every request gets a well-formed answer, and the node stays
 * healthy and keeps committing. The seed is fixed and printed first; another one runs with {@code
 * -Dfuzz.seed=...}.
 */
@Timeout(240)
class RpcFuzzIT {
  private static final String MANIFEST =
      """
      name: fuzz
      validators: 1
      blockInterval: 200ms
      """;
  private static final long SEED = 0x5eed_f022L;
  private static final int REQUESTS = 600;
  private static final int REQUESTS_MIN = 500;
  private static final Duration BUDGET = Duration.ofSeconds(120);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Set<Integer> STATUSES = Set.of(200, 204, 404, 413);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String OVERSIZED = "2MiB";

  /** The methods whose params the stream gets wrong, with their param names. */
  private static final Map<String, List<String>> PARAMS =
      new TreeMap<>(
          Map.of(
              "tx_submit", List.of("tx"),
              "tx_get", List.of("hash"),
              "block_get", List.of("height"),
              "account_get", List.of("address"),
              "chaincode_query", List.of("chainCode", "method", "args"),
              "lab_setClockOffset", List.of("micros")));

  private static final List<String> METHODS =
      List.of("tx_submit", "tx_get", "block_get", "chain_head", "account_get", "node_status");

  @TempDir Path dir;

  /** One request of the stream, what it is, and a check of its answer beyond the common ones. */
  private record Fuzz(
      String kind,
      String method,
      String path,
      byte[] body,
      boolean chunked,
      Function<HttpResponse<byte[]>, String> expect) {}

  @Test
  void randomRequestsAreAllAnsweredAndTheNodeKeepsCommitting() throws Exception {
    long seed = Long.getLong("fuzz.seed", SEED);
    System.out.println("RpcFuzzIT seed=" + seed + " requests=" + REQUESTS + " budget=" + BUDGET);
    try (TestNetwork t = TestNetwork.start(dir, MANIFEST)) {
      String node = t.net.names().get(0);
      assertThat(t.net.awaitHeight(1, WAIT)).as("first block; %s", tails(t, node)).isTrue();
      InetSocketAddress rpc = t.net.rpcAddress(node);
      URI base = URI.create("http://" + rpc.getHostString() + ":" + rpc.getPort());
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpClient oversizedHttp =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      Random random = new Random(seed);
      Map<String, Integer> kinds = new TreeMap<>();
      long deadline = System.nanoTime() + BUDGET.toNanos();
      int sent = 0;
      String previous = "nothing";
      while (sent < REQUESTS && System.nanoTime() < deadline) {
        Fuzz f = next(random);
        String problem;
        try {
          // Oversized requests get a client of their own: the server closes their connections.
          problem = check(f, send(f.kind().equals(OVERSIZED) ? oversizedHttp : http, base, f));
        } catch (IOException e) {
          problem = "no answer: " + e;
        }
        assertThat(problem)
            .as(
                "request %d (%s %s %s, seed %d, after %s): %s",
                sent, f.kind(), f.method(), f.path(), seed, previous, preview(f.body()))
            .isNull();
        previous = f.kind() + " " + f.method() + " " + f.path();
        kinds.merge(f.kind(), 1, Integer::sum);
        sent++;
      }
      System.out.println("RpcFuzzIT sent " + sent + " requests: " + kinds);
      assertThat(sent).as("requests sent within %s", BUDGET).isGreaterThanOrEqualTo(REQUESTS_MIN);

      HttpResponse<byte[]> health =
          http.send(
              HttpRequest.newBuilder(base.resolve("/health"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(health.statusCode()).as("healthy after the stream").isEqualTo(200);
      assertThat(t.net.process(node).state()).isEqualTo(NodeProcess.State.RUNNING);
      assertThat(t.net.process(node).handle().map(ProcessHandle::isAlive)).hasValue(true);
      long h = t.height(node);
      assertThat(h).as("still answers chain_head").isGreaterThanOrEqualTo(1);
      assertThat(t.awaitHeight(node, h + 3, WAIT))
          .as("keeps committing past %d; %s", h, tails(t, node))
          .isTrue();
    }
  }

  // ---- The stream -----------------------------------------------------------------------------

  private Fuzz next(Random random) {
    int pick = random.nextInt(100);
    if (pick < 12) {
      byte[] garbage = new byte[random.nextInt(2_000)];
      random.nextBytes(garbage);
      return post("garbage", garbage, null);
    }
    if (pick < 22) {
      byte[] call = utf8(validCall(random));
      // At least one byte (an empty body is another error) and never the closing brace.
      byte[] cut = java.util.Arrays.copyOf(call, 1 + random.nextInt(call.length - 2));
      return post("truncated", cut, r -> errorCode(r, -32700));
    }
    if (pick < 32) {
      return post("random-json", utf8(randomJson(random, 4).toString()), null);
    }
    if (pick < 52) {
      return post("wrong-params", utf8(wrongParams(random)), null);
    }
    if (pick < 58) {
      return post("valid", utf8(validCall(random)), RpcFuzzIT::aResult);
    }
    if (pick < 65) {
      String name = randomText(random, 1 + random.nextInt(30));
      return post("unknown-method", utf8(call(name, "[]", "1")), r -> errorCode(r, -32601));
    }
    if (pick < 77) {
      return post("batch", utf8(batch(random)), null);
    }
    if (pick < 80) {
      byte[] big = new byte[2 * 1024 * 1024];
      java.util.Arrays.fill(big, (byte) '[');
      return new Fuzz(OVERSIZED, "POST", "/", big, random.nextBoolean(), r -> status(r, 413));
    }
    if (pick < 84) {
      String open = random.nextBoolean() ? "[" : "{\"a\":";
      return post("deep", utf8(open.repeat(100_000)), r -> errorCode(r, -32700));
    }
    return otherRequest(random);
  }

  private Fuzz post(String kind, byte[] body, Function<HttpResponse<byte[]>, String> expect) {
    return new Fuzz(kind, "POST", "/", body, false, expect);
  }

  private Fuzz otherRequest(Random random) {
    String method =
        pick(random, List.of("GET", "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST"));
    String path =
        pick(
            random,
            List.of(
                "/metrics",
                "/health",
                "/",
                "/rpc",
                "/metrics/",
                "/health?x=1",
                "/%2e%2e/etc/passwd",
                "/" + randomPathSegment(random)));
    boolean rpcPost = method.equals("POST") && path.equals("/");
    if (rpcPost) {
      path = "/x"; // POST / is covered above
    }
    String finalPath = path;
    Function<HttpResponse<byte[]>, String> expect =
        r -> {
          boolean known =
              method.equals("GET")
                  && (finalPath.equals("/metrics")
                      || finalPath.startsWith("/health?")
                      || finalPath.equals("/health"));
          return status(r, known ? 200 : 404);
        };
    byte[] body =
        method.equals("GET") || method.equals("HEAD") ? new byte[0] : utf8(validCall(random));
    return new Fuzz("http-" + method, method, path, body, false, expect);
  }

  private String validCall(Random random) {
    String id = String.valueOf(random.nextInt(1_000_000));
    return switch (random.nextInt(5)) {
      case 0 -> call("chain_head", "[]", id);
      case 1 -> call("node_status", null, id);
      case 2 -> call("block_get", "{\"height\":" + random.nextInt(2) + "}", id);
      case 3 -> call("tx_get", "[\"" + hex(random, 32) + "\"]", id);
      default -> call("account_get", "{\"address\":\"" + hex(random, 20) + "\"}", id);
    };
  }

  /** A real method with params of the wrong type, shape or length, or random hex. */
  private String wrongParams(Random random) {
    String method = pick(random, List.copyOf(PARAMS.keySet()));
    String name = pick(random, PARAMS.get(method));
    List<String> values =
        new ArrayList<>(
            List.of(
                "null",
                "true",
                "-1",
                "1.5",
                "1e400",
                "123456789012345678901234567890",
                "9223372036854775807",
                "[]",
                "{}",
                "\"\"",
                "\"0x00\"",
                "\"" + hex(random, random.nextInt(40)) + "\"",
                "\"" + hex(random, random.nextInt(40)) + "a\"",
                "\"" + hex(random, 32) + "\"",
                "\"" + hex(random, 20) + "\"",
                "\"" + hex(random, 1 + random.nextInt(3_000)) + "\"",
                "\"\\uFF21\\uFF21\"",
                JsonNodeFactory.instance.textNode(randomText(random, 20)).toString(),
                randomJson(random, 3).toString()));
    if (method.equals("lab_setClockOffset")) {
      // Integers would really skew the node's clock; only ill-typed values go there.
      values.removeIf(v -> v.matches("-?\\d+") || v.startsWith("["));
    }
    String value = pick(random, values);
    String params =
        switch (random.nextInt(5)) {
          case 0 -> "[" + value + "]";
          case 4 ->
              method.equals("chaincode_query")
                  ? "[\""
                      + pick(random, List.of("token", "kv", "nope"))
                      + "\",\""
                      + pick(random, List.of("totalSupply", "balanceOf", "transfer", "get", "x"))
                      + "\","
                      + value
                      + "]"
                  : "[" + value + "," + value + "]";
          case 1 -> "{\"" + name + "\":" + value + "}";
          case 2 -> "{\"wrong\":" + value + "}";
          default -> random.nextBoolean() ? "[]" : value;
        };
    return call(method, params, String.valueOf(random.nextInt(1_000)));
  }

  private String batch(Random random) {
    int size = random.nextInt(10) == 0 ? 95 + random.nextInt(15) : random.nextInt(8);
    List<String> calls = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      calls.add(
          switch (random.nextInt(5)) {
            case 0 -> validCall(random);
            case 1 -> wrongParams(random);
            case 2 -> randomJson(random, 2).toString();
            case 3 -> call(pick(random, METHODS), "[]", null); // a notification
            default -> call(randomText(random, 8), "[]", String.valueOf(i));
          });
    }
    return "[" + String.join(",", calls) + "]";
  }

  private static JsonNode randomJson(Random random, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    int kind = random.nextInt(depth <= 0 ? 5 : 8);
    return switch (kind) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextLong());
      case 3 -> f.numberNode(random.nextDouble() * 1e6);
      case 4 -> f.textNode(randomText(random, random.nextInt(12)));
      case 5 -> {
        var a = f.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(randomJson(random, depth - 1));
        }
        yield a;
      }
      default -> {
        var o = f.objectNode();
        List<String> keys =
            List.of("jsonrpc", "method", "params", "id", "x", randomText(random, 4));
        for (int i = random.nextInt(5); i > 0; i--) {
          String key = pick(random, keys);
          o.set(
              key,
              switch (key) {
                case "jsonrpc" -> random.nextBoolean() ? f.textNode("2.0") : randomJson(random, 0);
                case "method" ->
                    random.nextBoolean()
                        ? f.textNode(pick(random, METHODS))
                        : randomJson(random, 0);
                default -> randomJson(random, depth - 1);
              });
        }
        yield o;
      }
    };
  }

  // ---- Checks ---------------------------------------------------------------------------------

  /** Null when the answer is acceptable, else what is wrong with it. */
  private static String check(Fuzz f, HttpResponse<byte[]> r) {
    if (!STATUSES.contains(r.statusCode())) {
      return "status " + r.statusCode() + " is not one of " + STATUSES;
    }
    if (f.method().equals("POST") && f.path().equals("/")) {
      String problem = jsonRpc(r);
      if (problem != null) {
        return problem;
      }
    }
    return f.expect() == null ? null : f.expect().apply(r);
  }

  /** The answer on POST / is JSON-RPC: a response, a batch of them, or nothing (204). */
  private static String jsonRpc(HttpResponse<byte[]> r) {
    if (r.statusCode() == 404) {
      return "POST / answered 404";
    }
    if (r.statusCode() == 204) {
      return r.body().length == 0 ? null : "204 with a body";
    }
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException e) {
      return "not JSON: " + e.getMessage() + ": " + preview(r.body());
    }
    if (json.isArray()) {
      if (json.isEmpty()) {
        return "an empty batch answer";
      }
      for (JsonNode e : json) {
        String problem = response(e);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    return response(json);
  }

  private static String response(JsonNode r) {
    if (!r.isObject() || !"2.0".equals(r.path("jsonrpc").textValue())) {
      return "not a JSON-RPC 2.0 response: " + r;
    }
    if (r.has("result") == r.has("error")) {
      return "not exactly one of result and error: " + r;
    }
    JsonNode id = r.get("id");
    if (id == null || !(id.isTextual() || id.isNumber() || id.isNull())) {
      return "a missing or ill-typed id: " + r;
    }
    if (r.has("error") && !(r.at("/error/code").isInt() && r.at("/error/message").isTextual())) {
      return "an error without an integer code and a message: " + r;
    }
    return null;
  }

  private static String aResult(HttpResponse<byte[]> r) {
    try {
      JsonNode json = JSON.readTree(r.body());
      boolean notFound = json.at("/error/code").asInt() == -32004;
      return json.has("result") || notFound ? null : "a valid call failed: " + json;
    } catch (IOException e) {
      return "not JSON";
    }
  }

  private static String errorCode(HttpResponse<byte[]> r, int code) {
    try {
      JsonNode json = JSON.readTree(r.body());
      int got = json.at("/error/code").asInt();
      return got == code ? null : "expected error " + code + ", got " + json;
    } catch (IOException e) {
      return "not JSON";
    }
  }

  private static String status(HttpResponse<byte[]> r, int status) {
    return r.statusCode() == status
        ? null
        : "expected status " + status + ", got " + r.statusCode();
  }

  /** The ends of the node's log and console, for a failure message. */
  private static String tails(TestNetwork t, String node) {
    StringBuilder sb = new StringBuilder();
    for (Path file : List.of(t.net.run().log(node), t.net.run().out(node))) {
      try {
        String text = java.nio.file.Files.readString(file);
        sb.append("\n--- ").append(file).append(" ---\n");
        sb.append(text.substring(Math.max(0, text.length() - 3_000)));
      } catch (IOException e) {
        sb.append("\n--- ").append(file).append(": ").append(e.getMessage());
      }
    }
    return sb.toString();
  }

  // ---- Helpers --------------------------------------------------------------------------------

  private static HttpResponse<byte[]> send(HttpClient http, URI base, Fuzz f)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher body =
        f.body().length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : f.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(f.body()))
                : HttpRequest.BodyPublishers.ofByteArray(f.body());
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(f.path()))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .method(f.method(), body)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String call(String method, String params, String id) {
    return "{\"jsonrpc\":\"2.0\",\"method\":"
        + JsonNodeFactory.instance.textNode(method)
        + (params == null ? "" : ",\"params\":" + params)
        + (id == null ? "" : ",\"id\":" + id)
        + "}";
  }

  private static String hex(Random random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String randomText(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int c = random.nextInt(10) == 0 ? random.nextInt(0x3000) : 0x20 + random.nextInt(0x5f);
      sb.append((char) c);
    }
    return sb.toString();
  }

  private static String randomPathSegment(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      sb.append("abcdefghijklmnopqrstuvwxyz0123456789-_.~".charAt(random.nextInt(40)));
    }
    return sb.toString();
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String preview(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return body.length <= 200 ? s : s + "…(" + body.length + " bytes)";
  }
}
