package io.ledgerlab.observe.log;

import static io.ledgerlab.observe.log.Records.T0;
import static io.ledgerlab.observe.log.Records.info;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JsonLogWriter}: stamped lines, on disk as soon as they are logged. */
class LogWriterTest {
  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(T0);

  private List<String> lines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void stampsEachEventWithTheNodeAndClockAndCreatesTheDirectories() throws Exception {
    Path file = dir.resolve("run/logs/n0.jsonl");
    try (JsonLogWriter log = new JsonLogWriter(file, "n0", now::get)) {
      log.info("block.committed", Map.of("height", 5L));
      now.addAndGet(1_500);
      log.warn("block.invalid", Map.of("height", 6L, "reason", "bad root"));
    }
    assertThat(lines(file))
        .containsExactly(
            LogLine.encode(info(T0, "n0", "block.committed", "height", 5L)),
            LogLine.encode(
                Records.record(
                    T0 + 1_500,
                    "n0",
                    Level.WARN,
                    "block.invalid",
                    "height",
                    6L,
                    "reason",
                    "bad root")));
  }

  @Test
  void eachLineIsInTheFileBeforeEventReturns() throws Exception {
    Path file = dir.resolve("n0.jsonl");
    try (JsonLogWriter log = new JsonLogWriter(file, "n0", now::get)) {
      log.info("node.started", Map.of("height", 0L));
      // No close, no flush: a process killed here has already handed the line to the OS.
      assertThat(lines(file)).hasSize(1);
    }
  }

  @Test
  void eventsBelowTheMinimumLevelAreNotWritten() throws Exception {
    Path file = dir.resolve("n0.jsonl");
    try (JsonLogWriter log = new JsonLogWriter(file, "n0", now::get, Level.INFO)) {
      log.debug("consensus.round", Map.of("height", 1L, "round", 0L));
      log.info("block.committed", Map.of("height", 1L));
      log.event(Level.ERROR, "disk.full", Map.of());
    }
    assertThat(lines(file)).hasSize(2);
    assertThat(lines(file).get(0)).contains("block.committed");
  }

  @Test
  void aRestartedNodeContinuesItsFile() throws Exception {
    Path file = dir.resolve("n0.jsonl");
    try (JsonLogWriter log = new JsonLogWriter(file, "n0", now::get)) {
      log.info("node.started", Map.of("height", 0L));
    }
    try (JsonLogWriter log = new JsonLogWriter(file, "n0", now::get)) {
      log.info("node.started", Map.of("height", 3L));
    }
    assertThat(lines(file)).hasSize(2);
    assertThat(lines(file).get(1)).endsWith("\"height\":3}");
  }

  @Test
  void aLineTornByAKillStaysOneBadLineAfterTheRestart() throws Exception {
    Path file = dir.resolve("n0.jsonl");
    Files.writeString(file, "{\"ts\":\"2026-11-24T07:1");
    try (JsonLogWriter log = new JsonLogWriter(file, "n0", now::get)) {
      log.info("node.started", Map.of("height", 3L));
    }
    List<LogMerge.BadLine> bad = new ArrayList<>();
    List<LogRecord> read = LogMerge.read(List.of(file), LogFilter.ALL, bad::add);
    assertThat(read).containsExactly(info(T0, "n0", "node.started", "height", 3L));
    assertThat(bad).singleElement().satisfies(b -> assertThat(b.line()).isEqualTo(1));
  }

  @Test
  void threadsLoggingAtOnceNeverInterleaveAndTheFileIsInClockOrder() throws Exception {
    Path file = dir.resolve("n0.jsonl");
    int threads = 4;
    int eventsPerThread = 500;
    try (JsonLogWriter log = new JsonLogWriter(file, "n0", now::incrementAndGet)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (long i = 0; i < eventsPerThread; i++) {
                      log.info(
                          "tx.submitted", Map.of("thread", thread, "i", i, "pad", "x".repeat(200)));
                    }
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    List<LogRecord> read = new ArrayList<>();
    for (String line : lines(file)) {
      read.add(LogLine.decode(line));
    }
    assertThat(read).hasSize(threads * eventsPerThread);
    for (int i = 1; i < read.size(); i++) {
      assertThat(read.get(i).tsMicros()).isGreaterThan(read.get(i - 1).tsMicros());
    }
  }

  @Test
  void eventsAfterCloseAreDroppedAndCounted() throws Exception {
    Path file = dir.resolve("n0.jsonl");
    JsonLogWriter log = new JsonLogWriter(file, "n0", now::get);
    log.close();
    log.info("node.stopped", Map.of());
    assertThat(log.droppedAfterClose()).isEqualTo(1);
    assertThat(lines(file)).isEmpty();
  }
}
