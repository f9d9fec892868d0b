package io.ledgerlab.observe.log;

import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tails a set of log files (see {@link LogMerge#follow}): the content they have is merged, then new
 * lines are held in a short reorder window and emitted in time order.
 */
final class Follower {
  static final long REORDER_WINDOW_MILLIS = 200;

  /** Past this many held records the oldest is emitted at once, whatever its age. */
  static final int HELD_RECORDS_MAX = 100_000;

  static final long POLL_MILLIS_MAX = 60_000;

  private record Held(LogSource.Entry entry, long arrivalNanos) {}

  private final Supplier<List<Path>> files;
  private final LogFilter filter;
  private final Consumer<LogRecord> sink;
  private final Consumer<LogMerge.BadLine> onBadLine;
  private final List<LogSource> sources = new ArrayList<>();
  private final Set<Path> known = new HashSet<>();
  private final PriorityQueue<Held> held =
      new PriorityQueue<>((a, b) -> LogSource.ORDER.compare(a.entry(), b.entry()));

  Follower(
      Supplier<List<Path>> files,
      LogFilter filter,
      Consumer<LogRecord> sink,
      Consumer<LogMerge.BadLine> onBadLine) {
    this.files = files;
    this.filter = filter;
    this.sink = sink;
    this.onBadLine = onBadLine;
  }

  void run(BooleanSupplier keepGoing, long pollMillis) throws IOException, InterruptedException {
    if (pollMillis < 1 || pollMillis > POLL_MILLIS_MAX) {
      throw new IllegalArgumentException(
          "pollMillis must be in [1, " + POLL_MILLIS_MAX + "], got " + pollMillis);
    }
    try {
      discover();
      new LogMerge.Merged(sources, false, filter, onBadLine).forEachRemaining(sink);
      while (keepGoing.getAsBoolean()) {
        Thread.sleep(pollMillis);
        discover();
        poll(false);
      }
      // Lines written between the last poll and the stop are still emitted.
      discover();
      poll(true);
    } finally {
      LogMerge.closeAll(sources, null);
    }
  }

  /** Takes on files not seen before and opens those that have appeared since. */
  private void discover() throws IOException {
    for (Path f : files.get()) {
      if (known.add(f)) {
        sources.add(LogSource.awaiting(f, sources.size()));
      }
    }
    for (LogSource s : sources) {
      s.tryOpen();
    }
  }

  /** Reads the new complete lines and emits those held for the window, or all when draining. */
  private void poll(boolean drain) throws IOException {
    long arrival = System.nanoTime();
    for (LogSource s : sources) {
      for (LogSource.Entry e = s.next(false, filter, onBadLine);
          e != null;
          e = s.next(false, filter, onBadLine)) {
        held.add(new Held(e, arrival));
        if (held.size() > HELD_RECORDS_MAX) {
          sink.accept(held.poll().entry().record());
        }
      }
    }
    long windowNanos = TimeUnit.MILLISECONDS.toNanos(REORDER_WINDOW_MILLIS);
    long now = System.nanoTime();
    while (!held.isEmpty() && (drain || now - held.peek().arrivalNanos() >= windowNanos)) {
      sink.accept(held.poll().entry().record());
    }
  }
}
