package io.ledgerlab.observe.log;

import static io.ledgerlab.observe.log.Records.T0;
import static io.ledgerlab.observe.log.Records.info;
import static io.ledgerlab.observe.log.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogMergeTest {
  private static final String[] EVENTS = {
    "consensus.round", "consensus.timeout", "block.committed", "tx.rejected"
  };

  @TempDir Path dir;
  private final List<LogRecord> all = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private final List<LogMerge.BadLine> bad = new ArrayList<>();

  /** Three nodes, ten records each, interleaved in time, with some times shared across nodes. */
  @BeforeEach
  void threeNodes() throws Exception {
    for (int n = 0; n < 3; n++) {
      List<LogRecord> records = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        long ts = T0 + i * 1_000L + (i % 3 == 0 ? 0 : n * 100L);
        Level level = Level.values()[(i + n) % Level.values().length];
        String hash = String.format("%08x%056d", i, n);
        records.add(
            record(
                ts,
                "n" + n,
                level,
                EVENTS[(i + n) % EVENTS.length],
                "height",
                (long) i,
                "hash",
                hash,
                "seq",
                (long) i));
      }
      files.add(Records.write(dir.resolve("n" + n + ".jsonl"), records));
      all.addAll(records);
    }
  }

  private List<LogRecord> merged(LogFilter filter) throws Exception {
    return LogMerge.read(files, filter, bad::add);
  }

  private List<LogRecord> expected(LogFilter filter) {
    Comparator<LogRecord> byTsThenNodeThenSeq =
        Comparator.comparingLong(LogRecord::tsMicros)
            .thenComparing(LogRecord::node)
            .thenComparingLong(r -> r.number("seq", -1));
    return all.stream().filter(filter).sorted(byTsThenNodeThenSeq).toList();
  }

  @Test
  void theMergeIsGloballyOrderedAndEqualTimesKeepFileOrder() throws Exception {
    List<LogRecord> out = merged(LogFilter.ALL);
    assertThat(out).hasSize(30).containsExactlyElementsOf(expected(LogFilter.ALL));
    assertThat(out.subList(0, 3)).extracting(LogRecord::node).containsExactly("n0", "n1", "n2");
    assertThat(bad).isEmpty();
  }

  @Test
  void eachFilterDimensionIsApplied() throws Exception {
    String hash3 = String.format("%08x%056d", 3, 1);
    List<LogFilter> filters =
        List.of(
            LogFilter.ALL.withNodes(Set.of("n0", "n2")),
            LogFilter.ALL.withMinLevel(Level.WARN),
            LogFilter.ALL.withEvents(List.of("consensus.*")),
            LogFilter.ALL.withEvents(List.of("block.committed", "tx.rejected")),
            LogFilter.ALL.withHeight(4),
            LogFilter.ALL.withTx(hash3),
            LogFilter.ALL.withTx("00000003"),
            LogFilter.ALL.withSince(T0 + 2_000).withUntil(T0 + 5_000),
            LogFilter.ALL.withNodes(Set.of("n1")).withMinLevel(Level.INFO).withSince(T0 + 1));
    for (LogFilter f : filters) {
      List<LogRecord> out = merged(f);
      assertThat(out).as("%s", f).isNotEmpty().containsExactlyElementsOf(expected(f));
    }
    assertThat(merged(LogFilter.ALL.withTx(hash3))).singleElement();
    assertThat(merged(LogFilter.ALL.withTx("00000003"))).hasSize(3);
    assertThat(merged(LogFilter.ALL.withHeight(4)))
        .extracting(LogRecord::node)
        .containsExactly("n0", "n1", "n2");
  }

  @Test
  void aBadLineInTheMiddleIsSkippedAndReportedWithFileAndLine() throws Exception {
    Path n1 = files.get(1);
    List<String> lines = new ArrayList<>(Files.readAllLines(n1));
    lines.add(
        4, "{\"ts\":\"2026-11-24T07:10:00Z\",\"node\":\"n1\",\"level\":\"loud\",\"event\":\"e\"}");
    lines.add(2, "not json at all");
    lines.add(1, "");
    Files.write(n1, lines);
    assertThat(merged(LogFilter.ALL)).containsExactlyElementsOf(expected(LogFilter.ALL));
    assertThat(bad)
        .extracting(LogMerge.BadLine::toString)
        .containsExactly(
            n1
                + ":4: not JSON at column 1: Unrecognized token 'not': was expecting"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            n1 + ":7: unknown level 'loud': expected debug, info, warn or error");
  }

  @Test
  void aLastLineWithoutItsNewlineIsRead() throws Exception {
    Path f = dir.resolve("n3.jsonl");
    Files.writeString(f, LogLine.encode(info(T0, "n3", "node.started")));
    assertThat(LogMerge.read(List.of(f), LogFilter.ALL, bad::add))
        .containsExactly(info(T0, "n3", "node.started"));
  }

  @Test
  void anOverlongLineIsReportedNotHeld() throws Exception {
    Path f = dir.resolve("n3.jsonl");
    Records.append(f, "x".repeat(LineReader.LINE_BYTES_MAX + 1) + "\n");
    Records.append(f, LogLine.encode(info(T0, "n3", "node.started")) + "\n");
    assertThat(LogMerge.read(List.of(f), LogFilter.ALL, bad::add)).hasSize(1);
    assertThat(bad).singleElement().hasToString(f + ":1: longer than 8388608 bytes");
  }

  @Test
  void theStreamReadsLazily() throws Exception {
    try (Stream<LogRecord> s = LogMerge.stream(files, LogFilter.ALL, bad::add)) {
      assertThat(s.limit(2)).hasSize(2);
    }
  }

  @Test
  void aMissingFileIsAnErrorNamingIt() {
    Path missing = dir.resolve("n9.jsonl");
    assertThatThrownBy(() -> LogMerge.read(List.of(files.get(0), missing), LogFilter.ALL))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("n9.jsonl");
  }

  @Test
  void logFilesListsTheJsonlFilesInNameOrder() throws Exception {
    Files.writeString(dir.resolve("n0.out"), "raw stdout\n");
    assertThat(LogMerge.logFiles(dir)).containsExactlyElementsOf(files);
    assertThat(LogMerge.logFiles(dir.resolve("absent"))).isEmpty();
  }
}
