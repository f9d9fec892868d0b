package io.ledgerlab.observe.log;

import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.log.LogRecord;
import io.ledgerlab.runtime.time.Clock;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Appends a node's events to a file as {@link LogLine}s, stamped with the node's name and clock.
 *
 * <p>Each line goes to the operating system in one write as soon as it is logged, so a process that
 * is killed loses nothing it logged (there is no fsync: a machine crash may). The file is opened
 * for appending, so a restarted node continues its file; if the previous process died in the middle
 * of a line, that line is ended first so it stays one bad line instead of spoiling the next. Any
 * thread may log; lines never interleave, and the clock is read under the same lock, so the file is
 * in clock order.
 */
public final class JsonLogWriter implements EventLog, AutoCloseable {
  private final Path file;
  private final String node;
  private final Clock clock;
  private final Level minLevel;
  private final OutputStream out;
  private boolean closed;
  private long droppedAfterClose;

  /** Opens {@code file} for appending, creating it and its parent directories. */
  public JsonLogWriter(Path file, String node, Clock clock, Level minLevel) throws IOException {
    if (node == null || node.isEmpty()) {
      throw new IllegalArgumentException("node must be a non-empty name, got '" + node + "'");
    }
    this.file = file;
    this.node = node;
    this.clock = clock;
    this.minLevel = minLevel;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean tornTail = endsInsideALine(file);
    this.out = new FileOutputStream(file.toFile(), true);
    if (tornTail) {
      try {
        out.write('\n');
      } catch (IOException e) {
        out.close();
        throw e;
      }
    }
  }

  /** Writes every level. */
  public JsonLogWriter(Path file, String node, Clock clock) throws IOException {
    this(file, node, clock, Level.DEBUG);
  }

  private static boolean endsInsideALine(Path file) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      if (length == 0) {
        return false;
      }
      raf.seek(length - 1);
      return raf.read() != '\n';
    }
  }

  /**
   * Writes the event unless it is below the minimum level.
   *
   * @throws UncheckedIOException when the file cannot be written: a node that cannot log should not
   *     carry on as if it had
   */
  @Override
  public void event(Level level, String name, Map<String, ?> fields) {
    if (level.compareTo(minLevel) < 0) {
      return;
    }
    synchronized (this) {
      if (closed) {
        droppedAfterClose++;
        return;
      }
      LogRecord record = LogRecord.of(clock.nowMicros(), node, level, name, fields);
      byte[] line = (LogLine.encode(record) + "\n").getBytes(StandardCharsets.UTF_8);
      try {
        out.write(line);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the log file " + file, e);
      }
    }
  }

  public Path file() {
    return file;
  }

  /** Events logged after {@link #close()}, for example by a thread still shutting down. */
  public synchronized long droppedAfterClose() {
    return droppedAfterClose;
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
