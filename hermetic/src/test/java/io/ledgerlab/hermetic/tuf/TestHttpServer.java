package io.ledgerlab.hermetic.tuf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 and an ephemeral port, for {@link HttpFetcher}: it serves a
 * {@link Fetcher}'s files, or misbehaves as a hostile mirror does (endless data, a trickle, a
 * stall). Every handler loop ends when the server is closed or the client hangs up, and has a bound
 * of its own besides, so a test that fails still ends.
 */
final class TestHttpServer implements AutoCloseable {
  /** How a handler answers every request. */
  interface Behaviour {
    void answer(HttpExchange exchange, TestHttpServer server) throws IOException;
  }

  private final HttpServer http;
  private final ExecutorService handlers;
  private volatile boolean closed;

  private TestHttpServer(Behaviour behaviour) throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Handlers run on their own threads, so a handler asleep in a trickle never holds up stop().
    handlers = Executors.newCachedThreadPool();
    http.setExecutor(handlers);
    http.createContext(
        "/",
        exchange -> {
          try (exchange) {
            behaviour.answer(exchange, this);
          } catch (IOException e) {
            // The client hung up: what a fetcher cutting a download does.
          }
        });
    http.start();
  }

  static TestHttpServer start(Behaviour behaviour) throws IOException {
    return new TestHttpServer(behaviour);
  }

  /** The repository's base URI. */
  URI base() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    http.stop(0);
    handlers.shutdownNow();
    if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a test HTTP handler did not end within 5 s");
    }
  }

  // ---- behaviours -------------------------------------------------------------------------------

  /** Serves {@code files}' content under the request path, 404 for what it does not have. */
  static Behaviour serving(Fetcher files) {
    return (exchange, server) -> {
      String path = exchange.getRequestURI().getPath().substring(1);
      byte[] body;
      try {
        body = files.fetch(path, Long.MAX_VALUE);
      } catch (TufException e) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    };
  }

  /** Streams zeros without a length until the client hangs up (or 1 GiB, a bound of its own). */
  static Behaviour endless() {
    return (exchange, server) -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[16 * 1024];
      OutputStream out = exchange.getResponseBody();
      for (long sent = 0; sent < (1L << 30) && !server.closed(); sent += chunk.length) {
        out.write(chunk);
      }
    };
  }

  /** Announces {@code length} bytes in Content-Length and sends some of them. */
  static Behaviour announcing(long length) {
    return (exchange, server) -> {
      exchange.sendResponseHeaders(200, length);
      OutputStream out = exchange.getResponseBody();
      out.write(new byte[1024]);
      out.flush();
    };
  }

  /**
   * Waits {@code headersAfter}, then announces {@code length} bytes and sends one every {@code
   * pace}: a download that would complete, far too late.
   */
  static Behaviour trickle(Duration headersAfter, long length, Duration pace) {
    return (exchange, server) -> {
      if (!sleep(headersAfter, server)) {
        return;
      }
      exchange.sendResponseHeaders(200, length);
      OutputStream out = exchange.getResponseBody();
      for (long i = 0; i < length && !server.closed(); i++) {
        out.write('x');
        out.flush();
        if (!sleep(pace, server)) {
          return;
        }
      }
    };
  }

  /** Announces {@code length} bytes, sends {@code sent} of them and then nothing, until closed. */
  static Behaviour stall(long length, int sent) {
    return (exchange, server) -> {
      exchange.sendResponseHeaders(200, length);
      OutputStream out = exchange.getResponseBody();
      byte[] some = new byte[sent];
      Arrays.fill(some, (byte) 'x');
      out.write(some);
      out.flush();
      // At most a minute: far beyond any deadline a test sets.
      sleep(Duration.ofMinutes(1), server);
    };
  }

  /** Answers with {@code status} and no body. */
  static Behaviour status(int status) {
    return (exchange, server) -> exchange.sendResponseHeaders(status, -1);
  }

  /** Sleeps in short steps until {@code d} passed or the server closed; false if it closed. */
  private static boolean sleep(Duration d, TestHttpServer server) {
    long end = System.nanoTime() + d.toNanos();
    while (!server.closed()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      try {
        Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
