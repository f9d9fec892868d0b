package io.ledgerlab.lab.report;

import io.ledgerlab.observe.log.LogFilter;
import io.ledgerlab.observe.log.LogMerge;
import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The merged log records around a check's failure: within {@value #AROUND_SECONDS} s of {@code
 * atSeconds}, or the last {@value #TAIL_SECONDS} s of the run when the check does not say when.
 * Past {@value #ROWS_MAX} records, WARN and above are kept first, then the records nearest the
 * failure; the rows stay in time order.
 *
 * @param fromSeconds the window's start, seconds since the run started (inclusive)
 * @param toSeconds the window's end (exclusive)
 * @param runStartMicros when the run started, microseconds since the epoch
 * @param records the records shown, in time order
 * @param matched how many records the window holds in all
 * @param badLines log lines in the window's files that were not records, skipped
 */
record LogExcerpt(
    double fromSeconds,
    double toSeconds,
    long runStartMicros,
    List<LogRecord> records,
    int matched,
    long badLines) {
  static final double AROUND_SECONDS = 5;
  static final double TAIL_SECONDS = 10;
  static final int ROWS_MAX = 200;

  LogExcerpt {
    records = List.copyOf(records);
  }

  /** The excerpt for {@code check} from {@code logFiles}. */
  static LogExcerpt around(RunSummary summary, RunSummary.Check check, List<Path> logFiles)
      throws IOException {
    double from;
    double to;
    double center;
    if (check.atSeconds() != null) {
      center = check.atSeconds();
      from = Math.max(0, center - AROUND_SECONDS);
      to = center + AROUND_SECONDS;
    } else {
      to = summary.durationSeconds();
      from = Math.max(0, to - TAIL_SECONDS);
      center = to;
    }
    long startMicros = summary.logZeroMicros();
    LogFilter window =
        LogFilter.ALL
            .withSince(startMicros + Math.round(from * 1e6))
            .withUntil(startMicros + Math.round(to * 1e6));
    AtomicLong bad = new AtomicLong();
    List<LogRecord> all = LogMerge.read(logFiles, window, b -> bad.incrementAndGet());
    long centerMicros = startMicros + Math.round(center * 1e6);
    return new LogExcerpt(from, to, startMicros, pick(all, centerMicros), all.size(), bad.get());
  }

  /** At most {@link #ROWS_MAX} of {@code all}: warnings first, then the nearest; in time order. */
  static List<LogRecord> pick(List<LogRecord> all, long centerMicros) {
    if (all.size() <= ROWS_MAX) {
      return all;
    }
    List<Integer> order = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparing((Integer i) -> all.get(i).level().compareTo(Level.WARN) < 0)
            .thenComparingLong(i -> Math.abs(all.get(i).tsMicros() - centerMicros)));
    List<Integer> kept = new ArrayList<>(order.subList(0, ROWS_MAX));
    kept.sort(null);
    List<LogRecord> out = new ArrayList<>(ROWS_MAX);
    kept.forEach(i -> out.add(all.get(i)));
    return out;
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }
}
