package io.ledgerlab.observe.log;

import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Merges per-node JSON-lines files into one timeline ordered by {@code ts}; equal times keep the
 * order of the files, then of the lines. Each file is read as a stream, never whole, and is
 * expected to be in time order already (one node's clock): this is a merge, not a sort, so a line
 * earlier than its predecessor in the same file comes out in file order.
 *
 * <p>A line that is not a record is not fatal: it is skipped and reported to a callback with its
 * file, line number and the reason. Blank lines are skipped without a report.
 */
public final class LogMerge {
  /** A line that was skipped, where it is and why. */
  public record BadLine(Path file, long line, String reason) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + reason;
    }
  }

  private LogMerge() {}

  /**
   * The merged records of {@code files} that pass {@code filter}, read lazily; close the stream to
   * close the files. A last line without its '\n' is read as a line.
   *
   * @throws IOException when a file cannot be opened; read errors later are {@link
   *     UncheckedIOException}s
   */
  public static Stream<LogRecord> stream(
      List<Path> files, LogFilter filter, Consumer<BadLine> onBadLine) throws IOException {
    List<LogSource> sources = new ArrayList<>();
    try {
      for (Path f : files) {
        sources.add(LogSource.open(f, sources.size()));
      }
    } catch (IOException | RuntimeException e) {
      closeAll(sources, e);
      throw e;
    }
    Merged merged = new Merged(sources, true, filter, onBadLine);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(() -> closeAll(sources, null));
  }

  /** Every merged record that passes {@code filter}, in memory; bad lines go to the callback. */
  public static List<LogRecord> read(
      List<Path> files, LogFilter filter, Consumer<BadLine> onBadLine) throws IOException {
    try (Stream<LogRecord> s = stream(files, filter, onBadLine)) {
      return s.toList();
    }
  }

  /**
   * Every merged record that passes {@code filter}, in memory, for reports; bad lines are skipped
   * without a word, so use {@link #read(List, LogFilter, Consumer)} where they matter.
   */
  public static List<LogRecord> read(List<Path> files, LogFilter filter) throws IOException {
    return read(files, filter, bad -> {});
  }

  /**
   * Emits the merged content the files have now, then every complete line appended to them, until
   * {@code keepGoing} says stop; then the lines held back are emitted and the files closed. A file
   * that does not exist yet is read from its start once it appears. New lines are held for {@value
   * Follower#REORDER_WINDOW_MILLIS} ms and emitted in time order, so lines from several nodes that
   * arrive close together come out sorted; a line that arrives later than that behind its time is
   * emitted when it arrives. A last line without its '\n' is held until the '\n' comes.
   *
   * <p>Runs on the caller's thread and returns within about {@code pollMillis} of {@code keepGoing}
   * turning false.
   */
  public static void follow(
      List<Path> files,
      LogFilter filter,
      Consumer<LogRecord> sink,
      Consumer<BadLine> onBadLine,
      BooleanSupplier keepGoing,
      long pollMillis)
      throws IOException, InterruptedException {
    List<Path> fixed = List.copyOf(files);
    new Follower(() -> fixed, filter, sink, onBadLine).run(keepGoing, pollMillis);
  }

  /**
   * {@link #follow} for every {@code *.jsonl} file in {@code dir}, in name order, including files
   * created there later (a node added to a running network); the directory itself may appear later
   * too.
   */
  public static void followDirectory(
      Path dir,
      LogFilter filter,
      Consumer<LogRecord> sink,
      Consumer<BadLine> onBadLine,
      BooleanSupplier keepGoing,
      long pollMillis)
      throws IOException, InterruptedException {
    new Follower(() -> logFiles(dir), filter, sink, onBadLine).run(keepGoing, pollMillis);
  }

  /** The {@code *.jsonl} files in {@code dir}, in name order; none when it does not exist. */
  public static List<Path> logFiles(Path dir) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jsonl")) {
      entries.forEach(p -> files.add(p));
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the log directory " + dir, e);
    }
    files.removeIf(p -> !Files.isRegularFile(p));
    files.sort(null);
    return files;
  }

  static void closeAll(List<LogSource> sources, Exception pending) {
    IOException first = null;
    for (LogSource s : sources) {
      try {
        s.close();
      } catch (IOException e) {
        if (pending != null) {
          pending.addSuppressed(e);
        } else if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw new UncheckedIOException("closing log files failed", first);
    }
  }

  /** A k-way merge: one head record per source in a priority queue. */
  static final class Merged implements Iterator<LogRecord> {
    private final List<LogSource> sources;
    private final boolean finished;
    private final LogFilter filter;
    private final Consumer<BadLine> onBadLine;
    private final PriorityQueue<LogSource.Entry> heads = new PriorityQueue<>(LogSource.ORDER);
    private boolean started;

    /**
     * @param finished whether the files are complete (a last line without '\n' counts) or still
     *     being written (it is left for later)
     */
    Merged(
        List<LogSource> sources, boolean finished, LogFilter filter, Consumer<BadLine> onBadLine) {
      this.sources = sources;
      this.finished = finished;
      this.filter = filter;
      this.onBadLine = onBadLine;
    }

    @Override
    public boolean hasNext() {
      if (!started) {
        started = true;
        sources.forEach(this::refill);
      }
      return !heads.isEmpty();
    }

    @Override
    public LogRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      LogSource.Entry head = heads.poll();
      refill(sources.get(head.source()));
      return head.record();
    }

    private void refill(LogSource source) {
      try {
        LogSource.Entry e = source.next(finished, filter, onBadLine);
        if (e != null) {
          heads.add(e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + source.file() + " failed", e);
      }
    }
  }
}
