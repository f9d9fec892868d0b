package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Headless Chromium showing one page, driven over the DevTools protocol with the JDK's WebSocket
 * client: {@link #evaluate} runs JavaScript in the live page and returns its value, so a test can
 * read the page twice and see it change. {@link #close()} kills the browser and every process it
 * started, whatever happened.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_MAX = Duration.ofSeconds(30);
  private static final Duration CALL_MAX = Duration.ofSeconds(10);

  private final Process process;
  private final Path stderr;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private WebSocket socket;

  private HeadlessChromium(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /** The browser on the PATH; fails (not skips) without one, as {@link ReportBrowserIT} does. */
  static Path find() {
    return onPath("chromium")
        .or(() -> onPath("chromium-browser"))
        .orElseGet(
            () ->
                fail(
                    "no chromium or chromium-browser on the PATH; install it"
                        + " (Debian: apt-get install -y chromium; .ci/run does this)"));
  }

  /** Starts Chromium on {@code page} and connects to that page's DevTools endpoint. */
  static HeadlessChromium open(URI page, Path work) throws Exception {
    Path profile = Files.createTempDirectory(work, "profile");
    Path err = Files.createTempFile(work, "chromium", ".err");
    List<String> command =
        List.of(
            find().toString(),
            "--headless=new",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--user-data-dir=" + profile,
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--remote-allow-origins=*",
            "--window-size=1280,1600",
            page.toString());
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    HeadlessChromium c = new HeadlessChromium(p, err);
    try {
      c.connect(profile.resolve("DevToolsActivePort"), page);
      return c;
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
  }

  private void connect(Path activePort, URI page) throws Exception {
    long deadline = System.nanoTime() + START_MAX.toNanos();
    String port = null;
    while (port == null) {
      if (!process.isAlive()) {
        fail("chromium exited %d before it listened:%n%s", process.exitValue(), tail());
      }
      if (System.nanoTime() > deadline) {
        fail("chromium did not open its DevTools port in %s:%n%s", START_MAX, tail());
      }
      if (Files.isRegularFile(activePort)) {
        List<String> lines = Files.readAllLines(activePort, StandardCharsets.UTF_8);
        if (lines.size() >= 2) {
          port = lines.get(0).strip();
        }
      }
      Thread.sleep(100);
    }
    String ws = null;
    while (ws == null) {
      if (System.nanoTime() > deadline) {
        fail("chromium shows no page for %s in %s:%n%s", page, START_MAX, tail());
      }
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode t : JSON.readTree(r.body())) {
        if ("page".equals(t.path("type").asText()) && t.hasNonNull("webSocketDebuggerUrl")) {
          ws = t.path("webSocketDebuggerUrl").asText();
        }
      }
      Thread.sleep(100);
    }
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(ws), new Listener())
            .get(CALL_MAX.toSeconds(), TimeUnit.SECONDS);
  }

  /** Evaluates {@code expression} in the page and returns its value, as JSON. */
  JsonNode evaluate(String expression) throws Exception {
    ObjectNode params =
        JSON.createObjectNode()
            .put("expression", expression)
            .put("returnByValue", true)
            .put("awaitPromise", true);
    JsonNode r = call("Runtime.evaluate", params);
    if (r.has("exceptionDetails")) {
      fail("evaluating %s in the page failed: %s", expression, r);
    }
    return r.path("result").path("value");
  }

  /** Saves what the page looks like now as a PNG. */
  void screenshot(Path png) throws Exception {
    JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    Files.write(png, java.util.Base64.getDecoder().decode(r.path("data").asText()));
  }

  /** Calls a DevTools method on the page and returns its result. */
  private JsonNode call(String method, ObjectNode params) throws Exception {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode call = JSON.createObjectNode().put("id", id).put("method", method);
    call.set("params", params);
    socket
        .sendText(JSON.writeValueAsString(call), true)
        .get(CALL_MAX.toSeconds(), TimeUnit.SECONDS);
    JsonNode r = answer.get(CALL_MAX.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) {
      fail("%s failed: %s", method, r);
    }
    return r.path("result");
  }

  /** Collects the DevTools answers, which may come in several frames. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          CompletableFuture<JsonNode> f = pending.remove(message.path("id").asLong(-1));
          if (f != null) {
            f.complete(message);
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  String tail() throws IOException {
    List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** Kills the browser and every process it started (renderers, GPU and zygote processes). */
  @Override
  public void close() throws InterruptedException {
    if (socket != null) {
      socket.abort();
    }
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        fail("chromium process %d did not exit: %s", h.pid(), e);
      }
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
