package io.ledgerlab.hermetic.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two bounds of {@link HttpFetcher} against a real HTTP server on 127.0.0.1: endless data is
 * cut at the length bound (TOO_LARGE), a slow server at the whole-file deadline (TOO_SLOW), each
 * within a bounded time measured here.
 */
class HttpFetcherTest {
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  /** Far more than any answer below needs; a fetch that takes it has failed its bound. */
  private static final Duration HANG = Duration.ofSeconds(10);

  private TestHttpServer server;
  private HttpFetcher fetcher;

  @AfterEach
  void close() throws InterruptedException {
    if (fetcher != null) {
      fetcher.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private HttpFetcher start(TestHttpServer.Behaviour behaviour) throws Exception {
    server = TestHttpServer.start(behaviour);
    fetcher = new HttpFetcher(server.base(), DEADLINE);
    return fetcher;
  }

  /** Fetches and returns the refusal and how long it took. */
  private record Refusal(TufException error, Duration took) {}

  private Refusal refusal(String path, long maxLength) {
    return assertTimeoutPreemptively(
        HANG,
        () -> {
          long start = System.nanoTime();
          TufException e = assertThrows(TufException.class, () -> fetcher.fetch(path, maxLength));
          return new Refusal(e, Duration.ofNanos(System.nanoTime() - start));
        });
  }

  @Test
  void endlessDataIsCutAtTheLengthBound() throws Exception {
    start(TestHttpServer.endless());
    Refusal r = refusal("metadata/timestamp.json", 16_384);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.TOO_LARGE);
    assertThat(r.error().getMessage()).contains("timestamp.json").contains("more than 16384 bytes");
    assertThat(r.took()).isLessThan(DEADLINE);
  }

  @Test
  void anAnnouncedLengthOverTheBoundIsRefusedBeforeReading() throws Exception {
    start(TestHttpServer.announcing(10_000_000));
    Refusal r = refusal("metadata/1.snapshot.json", 2_000_000);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.TOO_LARGE);
    assertThat(r.error().getMessage())
        .contains("10000000 bytes announced, at most 2000000 accepted");
    assertThat(r.took()).isLessThan(DEADLINE);
  }

  @Test
  void aTrickleOfOneBytePer200MillisIsCutAtTheDeadline() throws Exception {
    start(TestHttpServer.trickle(Duration.ZERO, 1_000, Duration.ofMillis(200)));
    Refusal r = refusal("metadata/timestamp.json", 16_384);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.TOO_SLOW);
    assertThat(r.error().getMessage())
        .contains("timestamp.json")
        .contains("not complete within 1000 ms");
    // The deadline, plus at most one pace of the trickle and some scheduling.
    assertThat(r.took()).isBetween(DEADLINE, DEADLINE.plusMillis(500));
  }

  @Test
  void aServerThatStallsAfterSomeBytesIsCutAtTheDeadline() throws Exception {
    start(TestHttpServer.stall(1_000, 10));
    Refusal r = refusal("metadata/timestamp.json", 16_384);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.TOO_SLOW);
    assertThat(r.error().getMessage()).contains("not complete within 1000 ms (10 bytes)");
    assertThat(r.took()).isBetween(DEADLINE, DEADLINE.plusMillis(500));
  }

  @Test
  void theDeadlineCoversTheWholeFileHeadersIncluded() throws Exception {
    // Headers at 0.8 s, then a byte every 200 ms: a per-phase timeout would allow 1.8 s.
    start(TestHttpServer.trickle(Duration.ofMillis(800), 1_000, Duration.ofMillis(200)));
    Refusal r = refusal("metadata/timestamp.json", 16_384);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.TOO_SLOW);
    assertThat(r.took()).isBetween(DEADLINE, DEADLINE.plusMillis(500));
  }

  @Test
  void noHeadersWithinTheDeadlineIsTooSlow() throws Exception {
    start(TestHttpServer.trickle(Duration.ofSeconds(5), 10, Duration.ZERO));
    Refusal r = refusal("metadata/timestamp.json", 16_384);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.TOO_SLOW);
    assertThat(r.error().getMessage()).contains("no answer within 1000 ms");
    assertThat(r.took()).isBetween(DEADLINE, DEADLINE.plusMillis(500));
  }

  @Test
  void anUpdateFromAMirrorTricklingTheTimestampIsTooSlowAndTrustsNothing(@TempDir Path dir)
      throws Exception {
    TestRepository repo = TestRepository.create();
    repo.addTarget("a.txt", TestRepository.utf8("alpha"));
    repo.publish();
    TestHttpServer.Behaviour honest = TestHttpServer.serving(repo);
    TestHttpServer.Behaviour slow =
        TestHttpServer.trickle(Duration.ZERO, 1_000, Duration.ofMillis(200));
    start(
        (exchange, s) ->
            (exchange.getRequestURI().getPath().endsWith("/timestamp.json") ? slow : honest)
                .answer(exchange, s));
    new TrustedStore(dir).write(Role.ROOT, repo.initialRoot());
    Updater client =
        new Updater(new TrustedStore(dir), fetcher, TestRepository.CLOCK, Updater.Limits.DEFAULT);

    TufException e =
        assertTimeoutPreemptively(HANG, () -> assertThrows(TufException.class, client::refresh));

    assertThat(e.reason()).isEqualTo(TufException.Reason.TOO_SLOW);
    assertThat(e.getMessage()).contains("metadata/timestamp.json: not complete within 1000 ms");
    assertThat(TestRepository.trustedVersion(dir, Role.ROOT)).isEqualTo(1);
    assertThat(TestRepository.trustedVersion(dir, Role.TIMESTAMP)).isZero();
  }

  @Test
  void aMissingFileIsNotFound() throws Exception {
    start(TestHttpServer.status(404));
    Refusal r = refusal("metadata/2.root.json", 512_000);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.NOT_FOUND);
    assertThat(r.error().getMessage()).contains("metadata/2.root.json: 404");
  }

  @Test
  void aServerErrorIsAFailedFetch() throws Exception {
    start(TestHttpServer.status(503));
    Refusal r = refusal("metadata/timestamp.json", 16_384);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.FETCH_FAILED);
    assertThat(r.error().getMessage()).contains("HTTP 503");
  }

  @Test
  void aRefusedConnectionIsAFailedFetch() throws Exception {
    start(TestHttpServer.status(200));
    java.net.URI gone = server.base();
    server.close();
    server = null;
    fetcher.close();
    fetcher = new HttpFetcher(gone, DEADLINE);
    Refusal r = refusal("metadata/timestamp.json", 16_384);
    assertThat(r.error().reason()).isEqualTo(TufException.Reason.FETCH_FAILED);
    assertThat(r.error().getMessage()).contains(gone.toString());
  }

  @Test
  void aFileWithinBothBoundsIsReadWhole() throws Exception {
    TestRepository repo = TestRepository.create();
    start(TestHttpServer.serving(repo));
    byte[] root =
        assertTimeoutPreemptively(HANG, () -> fetcher.fetch("metadata/1.root.json", 512_000));
    assertThat(root).isEqualTo(repo.initialRoot());
  }
}
