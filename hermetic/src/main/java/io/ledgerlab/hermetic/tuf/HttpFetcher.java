package io.ledgerlab.hermetic.tuf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches over HTTP with two bounds per file: {@code maxLength} bytes (an endless response is cut
 * at the bound plus one byte) and a whole-file {@code deadline} (a server trickling one byte at a
 * time is cut when the deadline passes, whatever the pace). It only connects out: the agent that
 * uses it opens no listening socket.
 */
public final class HttpFetcher implements Fetcher, AutoCloseable {
  private final URI base;
  private static final long ONE_MIB = 1L << 20;

  private final Duration deadline;
  private final HttpClient http;
  private final ScheduledExecutorService timer;

  public HttpFetcher(URI base, Duration deadline) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.deadline = deadline;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(deadline)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tuf-fetch-deadline");
              t.setDaemon(true);
              return t;
            });
  }

  public URI base() {
    return base;
  }

  @Override
  public byte[] fetch(String path, long maxLength) throws TufException {
    URI uri = base.resolve(path);
    // Specification 5 (slow retrieval attacks): one deadline for the whole file, headers included;
    // it covers the first MiB, and a file allowed to be larger gets a second per further MiB.
    Duration deadline = this.deadline.plusSeconds(Math.max(0, maxLength - ONE_MIB) / ONE_MIB);
    long start = System.nanoTime();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new TufException(
          TufException.Reason.TOO_SLOW, uri + ": no answer within " + deadline.toMillis() + " ms");
    } catch (IOException e) {
      throw new TufException(TufException.Reason.FETCH_FAILED, uri + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TufException(TufException.Reason.FETCH_FAILED, uri + ": interrupted");
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() == 404) {
        throw new TufException(TufException.Reason.NOT_FOUND, uri + ": 404");
      }
      if (response.statusCode() != 200) {
        throw new TufException(
            TufException.Reason.FETCH_FAILED, uri + ": HTTP " + response.statusCode());
      }
      long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
      if (declared > maxLength) {
        throw new TufException(
            TufException.Reason.TOO_LARGE,
            uri + ": " + declared + " bytes announced, at most " + maxLength + " accepted");
      }
      Duration left = deadline.minusNanos(System.nanoTime() - start);
      return read(uri, in, maxLength, left.isNegative() ? Duration.ZERO : left, deadline);
    } catch (IOException e) {
      throw new TufException(TufException.Reason.FETCH_FAILED, uri + ": " + describe(e), e);
    }
  }

  /**
   * Reads at most {@code maxLength} bytes within {@code left}, the rest of the file's deadline,
   * closing the stream when it passes.
   */
  private byte[] read(URI uri, InputStream in, long maxLength, Duration left, Duration deadline)
      throws TufException {
    AtomicBoolean late = new AtomicBoolean();
    ScheduledFuture<?> cut =
        timer.schedule(
            () -> {
              late.set(true);
              try {
                in.close();
              } catch (IOException e) {
                // Closing is how a blocked read is ended; a failure to close changes nothing.
              }
            },
            left.toNanos(),
            TimeUnit.NANOSECONDS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (late.get()) {
          break;
        }
        out.write(buf, 0, n);
        if (out.size() > maxLength) {
          throw new TufException(
              TufException.Reason.TOO_LARGE, uri + ": more than " + maxLength + " bytes");
        }
      }
    } catch (IOException e) {
      if (!late.get()) {
        throw new TufException(TufException.Reason.FETCH_FAILED, uri + ": " + describe(e), e);
      }
    } finally {
      cut.cancel(false);
    }
    if (late.get()) {
      throw new TufException(
          TufException.Reason.TOO_SLOW,
          uri + ": not complete within " + deadline.toMillis() + " ms (" + out.size() + " bytes)");
    }
    return out.toByteArray();
  }

  /** An I/O failure in words: the JDK's HTTP client leaves some messages empty. */
  private static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused (is the feed served there?)";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  @Override
  public void close() {
    // Java 17's HttpClient has no close: its threads end with its last reference.
    timer.shutdownNow();
  }
}
