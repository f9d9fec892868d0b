package io.ledgerlab.observe.log;

import io.ledgerlab.runtime.log.LogRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;

/** One node's log file as a source of filtered records; bad lines go to a callback. */
final class LogSource implements Closeable {
  /** A record with where it came from: the source's place in the merge and its line number. */
  record Entry(LogRecord record, int source, long line) {}

  /** By time; equal times keep file order, then line order. */
  static final Comparator<Entry> ORDER =
      Comparator.comparingLong((Entry e) -> e.record().tsMicros())
          .thenComparingInt(Entry::source)
          .thenComparingLong(Entry::line);

  private final Path file;
  private final int index;
  private LineReader reader;

  private LogSource(Path file, int index) {
    this.file = file;
    this.index = index;
  }

  /** A source for a file that exists. */
  static LogSource open(Path file, int index) throws IOException {
    LogSource s = new LogSource(file, index);
    s.reader = new LineReader(file);
    return s;
  }

  /** A source for a file that may not exist yet; see {@link #tryOpen()}. */
  static LogSource awaiting(Path file, int index) {
    return new LogSource(file, index);
  }

  /** Opens the file if it exists by now; true when it is open. */
  boolean tryOpen() throws IOException {
    if (reader == null) {
      try {
        reader = new LineReader(file);
      } catch (NoSuchFileException e) {
        return false;
      }
    }
    return true;
  }

  Path file() {
    return file;
  }

  /**
   * The next record that passes {@code filter}, or null when there is no complete line left now
   * (or, when {@code finished}, no line at all). Blank lines are skipped silently.
   */
  Entry next(boolean finished, LogFilter filter, Consumer<LogMerge.BadLine> onBadLine)
      throws IOException {
    if (reader == null) {
      return null;
    }
    for (LineReader.Line line = reader.next(finished); line != null; line = reader.next(finished)) {
      if (line.overlong()) {
        onBadLine.accept(
            new LogMerge.BadLine(
                file, line.number(), "longer than " + LineReader.LINE_BYTES_MAX + " bytes"));
      } else if (!line.text().isBlank()) {
        try {
          LogRecord record = LogLine.decode(line.text());
          if (filter.test(record)) {
            return new Entry(record, index, line.number());
          }
        } catch (LogLineException e) {
          onBadLine.accept(new LogMerge.BadLine(file, line.number(), e.reason()));
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
  }
}
