package io.ledgerlab.hermetic.feed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerlab.runtime.disk.DurableFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Serves a feed's repository as static files over HTTP, and takes agents' uploads: {@code PUT
 * /uploads/AGENT/INSTRUCTION/TAG/NAME}, each file at most {@link #UPLOAD_BYTES_MAX}, written once
 * (the same bytes again are accepted, other bytes refused). TAG is the start of the SHA-256 of the
 * upload's signed manifest ({@link Uploads#tag}): whoever else reaches the server cannot squat an
 * agent's upload in advance, since the tag depends on the agent's signature. It serves only files
 * under the repository, by names of a safe alphabet; anything else is a 404. What it serves needs
 * no secrecy — the client verifies every byte — so the server holds no key unless asked to refresh
 * the timestamp.
 */
public final class FeedServer implements AutoCloseable {
  public static final long UPLOAD_BYTES_MAX = 64L << 20;

  /** What is served: a target path (no segment starting with a dot: no temporary file either). */
  private static final Pattern PATH = io.ledgerlab.hermetic.tuf.Targets.PATH;

  private static final Pattern UPLOAD =
      Pattern.compile(
          "uploads/([0-9a-f]{64})/([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})/([0-9a-f]{16})/"
              + "([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");

  private final HttpServer server;
  private final ExecutorService workers;
  private final Path repo;
  private final Path uploads;
  private final Consumer<String> log;

  private FeedServer(
      HttpServer server, ExecutorService workers, Path repo, Path uploads, Consumer<String> log) {
    this.server = server;
    this.workers = workers;
    this.repo = repo;
    this.uploads = uploads;
    this.log = log;
  }

  /** Serves {@code feed}'s repository on {@code address}; uploads go to the feed's uploads/. */
  public static FeedServer start(Feed feed, InetSocketAddress address, Consumer<String> log)
      throws IOException {
    return start(feed.repo(), feed.uploads(), address, log);
  }

  public static FeedServer start(
      Path repo, Path uploads, InetSocketAddress address, Consumer<String> log) throws IOException {
    HttpServer server = HttpServer.create(address, 64);
    // A bounded pool: a flood of requests waits its turn instead of growing threads.
    ExecutorService workers =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "feed-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(workers);
    // Absolute and normal: a file asked for is compared with them after it is normalized.
    FeedServer s =
        new FeedServer(
            server,
            workers,
            repo.toAbsolutePath().normalize(),
            uploads == null ? null : uploads.toAbsolutePath().normalize(),
            log);
    server.createContext("/", s::handle);
    server.start();
    return s;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The URL agents are given: {@code http://host:port/}. */
  public String url() {
    return "http://" + address().getHostString() + ":" + address().getPort() + "/";
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      path = path.startsWith("/") ? path.substring(1) : path;
      switch (x.getRequestMethod()) {
        case "GET", "HEAD" -> get(x, path);
        case "PUT" -> put(x, path);
        default -> reply(x, 405, "GET, HEAD or PUT\n");
      }
    } catch (IOException | RuntimeException e) {
      log.accept("feed server: " + e);
    }
  }

  private void get(HttpExchange x, String path) throws IOException {
    Path f = PATH.matcher(path).matches() ? repo.resolve(path).normalize() : null;
    if (f == null || !f.startsWith(repo) || !Files.isRegularFile(f)) {
      reply(x, 404, "not found\n");
      return;
    }
    byte[] bytes = Files.readAllBytes(f);
    x.getResponseHeaders().set("Content-Type", "application/octet-stream");
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(200, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void put(HttpExchange x, String path) throws IOException {
    var m = UPLOAD.matcher(path);
    if (uploads == null || !m.matches()) {
      reply(x, 404, "uploads go to /uploads/AGENT-KEY-ID/INSTRUCTION/TAG/NAME\n");
      return;
    }
    long declared =
        x.getRequestHeaders().getFirst("Content-Length") == null
            ? -1
            : Long.parseLong(x.getRequestHeaders().getFirst("Content-Length"));
    if (declared > UPLOAD_BYTES_MAX) {
      reply(x, 413, "at most " + UPLOAD_BYTES_MAX + " bytes per file\n");
      return;
    }
    byte[] body = readBounded(x.getRequestBody());
    if (body == null) {
      reply(x, 413, "at most " + UPLOAD_BYTES_MAX + " bytes per file\n");
      return;
    }
    Path f =
        uploads.resolve(m.group(1)).resolve(m.group(2)).resolve(m.group(3)).resolve(m.group(4));
    synchronized (this) {
      if (Files.exists(f)) {
        boolean same = Arrays.equals(Files.readAllBytes(f), body);
        reply(
            x, same ? 200 : 409, same ? "already stored\n" : "stored already, with other bytes\n");
        return;
      }
      DurableFiles.write(f, body);
    }
    log.accept("upload " + path + " (" + body.length + " bytes)");
    reply(x, 201, "stored\n");
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
      if (out.size() > UPLOAD_BYTES_MAX) {
        return null;
      }
    }
    return out.toByteArray();
  }

  private static void reply(HttpExchange x, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
