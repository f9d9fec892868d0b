package io.ledgerlab.lab.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The lab's HTTP server, on loopback only: {@code GET /} the dashboard page (one self-contained
 * file: nothing is fetched from elsewhere, which its Content-Security-Policy also enforces), {@code
 * GET /api/state} the current snapshot as JSON, {@code GET /metrics} the lab's Prometheus metrics.
 * Any other path is 404, any other method 405. A request whose {@code Host} is not this loopback
 * address is refused (403), so a web page elsewhere cannot read the state through DNS rebinding.
 */
public final class DashboardServer implements AutoCloseable {
  static final String PAGE_RESOURCE = "dashboard.html";
  private static final String CSP =
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
          + " connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<Snapshot> state;
  private final byte[] page;
  private final Set<String> hosts;

  private DashboardServer(HttpServer server, Supplier<Snapshot> state) {
    this.server = server;
    this.state = state;
    this.page = page();
    int port = server.getAddress().getPort();
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port);
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "dashboard-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
  }

  /**
   * Binds 127.0.0.1:{@code port} (0: a free port) and starts serving {@code state}.
   *
   * @throws IOException naming the port when it cannot be bound
   */
  public static DashboardServer start(int port, Supplier<Snapshot> state) throws IOException {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "dashboard port: expected 0 (a free port) to 65535, got " + port);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    } catch (java.net.BindException e) {
      throw new IOException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
    }
    DashboardServer d = new DashboardServer(server, state);
    server.start();
    return d;
  }

  /** The page's address, {@code http://127.0.0.1:port/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Where Prometheus scrapes the lab: {@code http://127.0.0.1:port/metrics}. */
  public URI metricsUri() {
    return uri().resolve("/metrics");
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String host = exchange.getRequestHeaders().getFirst("Host");
      if (host == null || !hosts.contains(host)) {
        text(exchange, 403, "this server answers only requests addressed to " + uri() + "\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (!path.equals("/") && !path.equals("/api/state") && !path.equals("/metrics")) {
        text(exchange, 404, "no such page: " + path + " (there are /, /api/state and /metrics)\n");
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        text(exchange, 405, exchange.getRequestMethod() + " " + path + ": only GET is served\n");
        return;
      }
      Snapshot s = state.get();
      switch (path) {
        case "/" -> reply(exchange, 200, "text/html; charset=utf-8", page);
        case "/api/state" ->
            reply(exchange, 200, "application/json; charset=utf-8", StateJson.write(s));
        default ->
            reply(
                exchange,
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                LabMetrics.write(s).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    reply(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] page() {
    try (InputStream in = DashboardServer.class.getResourceAsStream(PAGE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the dashboard page is missing from the jar: " + PAGE_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
