package io.ledgerlab.node.rpc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerlab.node.metrics.NodeMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The node's HTTP endpoint: JSON-RPC 2.0 on {@code POST /}, Prometheus metrics on {@code GET
 * /metrics}, and {@code GET /health} (200 when healthy, 503 when not) for supervisors and load
 * balancers. Bodies are bounded; everything a client can send gets an answer, never a crash.
 */
public final class RpcHttpServer implements AutoCloseable {
  /** The largest request body accepted. */
  public static final int BODY_BYTES_MAX = 1024 * 1024;

  private static final int WORKERS = 4;
  private static final long DRAIN_BYTES_MAX = 64L * 1024 * 1024;
  private static final int QUEUED_REQUESTS_MAX = 10_000;

  private final HttpServer server;
  private final ExecutorService workers;
  private final JsonRpc rpc;
  private final NodeMetrics metrics;
  private final BooleanSupplier healthy;

  private RpcHttpServer(
      HttpServer server, JsonRpc rpc, NodeMetrics metrics, BooleanSupplier healthy) {
    this.server = server;
    this.rpc = rpc;
    this.metrics = metrics;
    this.healthy = healthy;
    this.workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(QUEUED_REQUESTS_MAX),
            r -> {
              Thread t = new Thread(r, "rpc");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(workers);
    server.createContext("/", this::serve);
  }

  /**
   * Binds {@code address}; the server does not answer until {@link #start()}.
   *
   * @throws IOException when the address cannot be bound, for example the port is in use
   */
  public static RpcHttpServer bind(
      InetSocketAddress address, JsonRpc rpc, NodeMetrics metrics, BooleanSupplier healthy)
      throws IOException {
    // Without TCP_NODELAY the JDK server writes headers and body in two segments and Nagle holds
    // the second until the client's delayed ACK: 40 ms added to every call on loopback.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    return new RpcHttpServer(HttpServer.create(address, 128), rpc, metrics, healthy);
  }

  public void start() {
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if ("GET".equals(method) && "/metrics".equals(path)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        reply(exchange, 200, NodeMetrics.contentType(), out.toByteArray());
      } else if ("GET".equals(method) && "/health".equals(path)) {
        boolean ok = healthy.getAsBoolean();
        reply(exchange, ok ? 200 : 503, "text/plain", (ok ? "ok\n" : "unhealthy\n").getBytes());
      } else if ("POST".equals(method) && "/".equals(path)) {
        serveRpc(exchange);
      } else {
        reply(
            exchange,
            404,
            "text/plain",
            "POST / for JSON-RPC 2.0, GET /metrics, GET /health\n"
                .getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void serveRpc(HttpExchange exchange) throws IOException {
    Optional<byte[]> body = readBounded(exchange.getRequestBody());
    if (body.isEmpty()) {
      byte[] error =
          JsonRpc.bytes(
              JsonRpc.error(
                  null,
                  RpcError.INVALID_REQUEST,
                  "request body exceeds " + BODY_BYTES_MAX + " bytes"));
      // Read (and drop) what is left, so the client's answer is not lost to a TCP reset, then
      // close: a client that sends too much is not kept on a keep-alive connection.
      drain(exchange.getRequestBody());
      exchange.getResponseHeaders().set("Connection", "close");
      reply(exchange, 413, "application/json", error);
      return;
    }
    Optional<byte[]> response = rpc.handle(body.get());
    if (response.isEmpty()) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    reply(exchange, 200, "application/json", response.get());
  }

  /** The body, or empty when it is longer than {@link #BODY_BYTES_MAX}. */
  private static Optional<byte[]> readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(BODY_BYTES_MAX + 1);
    return bytes.length > BODY_BYTES_MAX ? Optional.empty() : Optional.of(bytes);
  }

  /** Reads and drops the rest of a body, up to a bound past which the connection just closes. */
  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = DRAIN_BYTES_MAX;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
