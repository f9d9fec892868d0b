package io.ledgerlab.observe.log;

import static io.ledgerlab.observe.log.Records.T0;
import static io.ledgerlab.observe.log.Records.info;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.runtime.log.LogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Follow mode, bounded: every wait has a deadline and the follower is stopped at the end. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LogFollowTest {
  private static final long POLL_MILLIS = 20;
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private final List<LogRecord> seen = new CopyOnWriteArrayList<>();
  private final List<LogMerge.BadLine> bad = new CopyOnWriteArrayList<>();
  private final AtomicBoolean keepGoing = new AtomicBoolean(true);
  private ExecutorService thread;
  private Future<?> follower;

  @BeforeEach
  void start() {
    thread = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    keepGoing.set(false);
    if (follower != null) {
      follower.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    thread.shutdownNow();
  }

  private void follow(List<Path> files) {
    follower =
        thread.submit(
            () -> {
              LogMerge.follow(
                  files, LogFilter.ALL, seen::add, bad::add, keepGoing::get, POLL_MILLIS);
              return null;
            });
  }

  private void followDirectory(Path logs) {
    follower =
        thread.submit(
            () -> {
              LogMerge.followDirectory(
                  logs, LogFilter.ALL, seen::add, bad::add, keepGoing::get, POLL_MILLIS);
              return null;
            });
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what + "; seen " + seen);
      }
      Thread.sleep(10);
    }
  }

  private static String line(LogRecord r) {
    return LogLine.encode(r) + "\n";
  }

  @Test
  void emitsTheMergedExistingContentThenAppendedLines() throws Exception {
    Path n0 = Records.write(dir.resolve("n0.jsonl"), List.of(info(T0 + 2, "n0", "a")));
    Path n1 = Records.write(dir.resolve("n1.jsonl"), List.of(info(T0 + 1, "n1", "b")));
    follow(List.of(n0, n1));
    await("the existing lines", () -> seen.size() == 2);
    assertThat(seen).extracting(LogRecord::event).containsExactly("b", "a");

    Records.append(n0, line(info(T0 + 10, "n0", "c")));
    Records.append(n1, line(info(T0 + 11, "n1", "d")));
    await("the appended lines", () -> seen.size() == 4);
    assertThat(seen).extracting(LogRecord::event).containsExactly("b", "a", "c", "d");
  }

  @Test
  void aPartialLineIsHeldUntilItsNewlineArrives() throws Exception {
    Path n0 = Records.write(dir.resolve("n0.jsonl"), List.of());
    String whole = line(info(T0, "n0", "block.committed", "height", 1L));
    Records.append(n0, whole.substring(0, 20));
    follow(List.of(n0));
    Thread.sleep(POLL_MILLIS * 5 + Follower.REORDER_WINDOW_MILLIS);
    assertThat(seen).isEmpty();
    assertThat(bad).isEmpty();

    Records.append(n0, whole.substring(20));
    await("the completed line", () -> seen.size() == 1);
    assertThat(seen.get(0).event()).isEqualTo("block.committed");
    assertThat(bad).isEmpty();
  }

  @Test
  void linesArrivingTogetherAreSortedByTimeAcrossNodes() throws Exception {
    Path n0 = Records.write(dir.resolve("n0.jsonl"), List.of());
    Path n1 = Records.write(dir.resolve("n1.jsonl"), List.of());
    follow(List.of(n0, n1));
    Thread.sleep(POLL_MILLIS * 3);
    Records.append(n1, line(info(T0 + 20, "n1", "late-clock")));
    Records.append(n0, line(info(T0 + 10, "n0", "early-clock")));
    await("both lines", () -> seen.size() == 2);
    assertThat(seen).extracting(LogRecord::event).containsExactly("early-clock", "late-clock");
  }

  @Test
  void aListedFileThatAppearsLaterIsReadFromItsStart() throws Exception {
    Path n0 = Records.write(dir.resolve("n0.jsonl"), List.of(info(T0, "n0", "a")));
    Path n1 = dir.resolve("n1.jsonl");
    follow(List.of(n0, n1));
    await("the existing line", () -> seen.size() == 1);
    Records.write(n1, List.of(info(T0 + 1, "n1", "b"), info(T0 + 2, "n1", "c")));
    await("the new file's lines", () -> seen.size() == 3);
  }

  @Test
  void aDirectoryIsWatchedForNewNodes() throws Exception {
    Path logs = dir.resolve("logs");
    Records.write(logs.resolve("n0.jsonl"), List.of(info(T0, "n0", "a")));
    Files.writeString(logs.resolve("n0.out"), "raw stdout, not a log\n");
    followDirectory(logs);
    await("the existing line", () -> seen.size() == 1);
    Records.write(logs.resolve("n5.jsonl"), List.of(info(T0 + 1, "n5", "joined")));
    await("the new node", () -> seen.size() == 2);
    assertThat(seen.get(1).node()).isEqualTo("n5");
    assertThat(bad).isEmpty();
  }

  @Test
  void badAppendedLinesAreReportedAndLinesWrittenJustBeforeTheStopAreEmitted() throws Exception {
    Path n0 = Records.write(dir.resolve("n0.jsonl"), List.of(info(T0, "n0", "a")));
    follow(List.of(n0));
    await("the existing line", () -> seen.size() == 1);
    Records.append(n0, "garbage\n" + line(info(T0 + 1, "n0", "b")));
    keepGoing.set(false);
    follower.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(seen).extracting(LogRecord::event).containsExactly("a", "b");
    assertThat(bad).singleElement().satisfies(b -> assertThat(b.line()).isEqualTo(2));
  }
}
