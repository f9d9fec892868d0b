package io.ledgerlab.lab.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.process.NodeProcess;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Prometheus server of the lab's own, one per run: Debian's {@code prometheus} binary started
 * with the run's configuration, its storage under the run directory and its web server on a free
 * loopback port — never the package's system service or port 9090. It runs in a process group of
 * its own, like a node ({@link NodeProcess}), and {@link #close()} stops it (SIGTERM, then
 * SIGKILL).
 */
public final class Prometheus implements AutoCloseable {
  /** What the lab runs; found on the PATH. */
  public static final String PROGRAM = "prometheus";

  private static final long READY_POLL_MILLIS = 100;
  private static final int OUTPUT_LINES_SHOWN = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeProcess process;
  private final URI url;
  private final Path output;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Prometheus(NodeProcess process, URI url, Path output) {
    this.process = process;
    this.url = url;
    this.output = output;
  }

  /**
   * The {@code prometheus} program on the PATH.
   *
   * @throws IOException naming the package to install when there is none
   */
  public static Path binary() throws IOException {
    return binary(System.getenv("PATH"));
  }

  /** The {@code prometheus} program in one of the directories of {@code path}. */
  static Path binary(String path) throws IOException {
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, PROGRAM);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IOException(
        "monitoring: prometheus needs the prometheus program, and there is none on the PATH;"
            + " install Debian's package: apt-get install -y prometheus");
  }

  /**
   * Starts Prometheus with {@code config}, its data in {@code dir/data} and its output in {@code
   * dir/prometheus.out}, and waits until it answers {@code /-/ready}.
   *
   * @throws IOException when it is not installed, exits, or is not ready within {@code
   *     readyTimeout}: with the last lines it wrote
   */
  public static Prometheus start(Path dir, Path config, Duration readyTimeout)
      throws IOException, InterruptedException {
    Path program = binary();
    Files.createDirectories(dir.resolve("data"));
    int port = freePort();
    String listen = "127.0.0.1:" + port;
    Path out = dir.resolve("prometheus.out");
    NodeProcess process =
        new NodeProcess(
            PROGRAM,
            List.of(
                program.toString(),
                "--config.file",
                config.toAbsolutePath().toString(),
                "--storage.tsdb.path",
                dir.resolve("data").toAbsolutePath().toString(),
                "--web.listen-address",
                listen,
                // Its own rules and scrapes only: nothing remote, nothing it would not need.
                "--storage.tsdb.retention.time",
                "1d",
                "--log.level",
                "warn"),
            out,
            java.util.Map.of(),
            dir);
    process.start();
    Prometheus p = new Prometheus(process, URI.create("http://" + listen + "/"), out);
    try {
      p.awaitReady(readyTimeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** Where it serves its web page and HTTP API: {@code http://127.0.0.1:port/}. */
  public URI url() {
    return url;
  }

  /** Its process id while it runs. */
  public Optional<Long> pid() {
    return process.pid();
  }

  public boolean running() {
    return process.state() == NodeProcess.State.RUNNING;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!running()) {
        throw new IOException(
            "monitoring: prometheus exited "
                + process.exitCode().map(c -> "with code " + c).orElse("")
                + " before it was ready"
                + lastLines());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(READY_POLL_MILLIS);
    }
    throw new IOException(
        "monitoring: prometheus at "
            + url
            + " was not ready within "
            + timeout.toSeconds()
            + " s ("
            + last
            + ")"
            + lastLines());
  }

  /** {@code GET /api/v1/query}: the {@code data} of an instant query's answer. */
  public JsonNode query(String promql) throws IOException, InterruptedException {
    return api("api/v1/query?query=" + encode(promql));
  }

  /**
   * {@code GET /api/v1/query_range} from {@code startSeconds} to {@code endSeconds} (since the
   * epoch) every {@code stepSeconds}: the {@code data} of the answer, a matrix.
   */
  public JsonNode queryRange(
      String promql, double startSeconds, double endSeconds, double stepSeconds)
      throws IOException, InterruptedException {
    return api(
        String.format(
            Locale.ROOT,
            "api/v1/query_range?query=%s&start=%.3f&end=%.3f&step=%.3f",
            encode(promql),
            startSeconds,
            endSeconds,
            stepSeconds));
  }

  /** The {@code data} of an API answer whose {@code status} is {@code success}. */
  private JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(url.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IOException(
          "prometheus answered " + pathAndQuery + " with HTTP " + r.statusCode() + ", not JSON", e);
    }
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IOException(
          "prometheus refused "
              + pathAndQuery
              + ": HTTP "
              + r.statusCode()
              + " "
              + body.path("errorType").asText()
              + ": "
              + body.path("error").asText());
    }
    return body.path("data");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The last lines Prometheus wrote, for an error message; empty when it wrote nothing. */
  private String lastLines() {
    try {
      List<String> lines = Files.readAllLines(output);
      if (lines.isEmpty()) {
        return "";
      }
      return "; its last lines ("
          + output
          + "):\n  "
          + String.join(
              "\n  ", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * A port free on loopback now. Prometheus binds it a moment later; if another process took it in
   * between, Prometheus exits and {@link #start} says so with its own words.
   */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops Prometheus: SIGTERM to its group, SIGKILL if it has not gone within a few seconds. */
  @Override
  public void close() {
    process.stop();
  }
}
