package io.ledgerlab.observe.log;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a file that may still be growing, one line at a time, in bounded memory. A line is complete
 * when its '\n' has been written; the bytes after the last '\n' are held until the rest arrives,
 * unless the caller says the file is finished. A file that shrinks (truncated in place) is read
 * again from its start.
 */
final class LineReader implements Closeable {
  /** Longer lines are reported as overlong and skipped rather than held in memory. */
  static final int LINE_BYTES_MAX = 8 << 20;

  private static final int BUFFER_BYTES = 64 << 10;

  /** One line: its number from 1, and its text without the terminator (null when overlong). */
  record Line(long number, String text) {
    boolean overlong() {
      return text == null;
    }
  }

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).flip();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean overlong;
  private long lineNumber;

  LineReader(Path file) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
  }

  /**
   * The next line that ends in '\n'; or, when {@code finished}, the unterminated rest of the file;
   * null when there is no such line now.
   */
  Line next(boolean finished) throws IOException {
    byte[] bytes = buffer.array();
    while (true) {
      int start = buffer.position();
      for (int i = start; i < buffer.limit(); i++) {
        if (bytes[i] == '\n') {
          hold(bytes, start, i);
          buffer.position(i + 1);
          return take();
        }
      }
      hold(bytes, start, buffer.limit());
      buffer.clear();
      int read = channel.read(buffer);
      buffer.flip();
      if (read <= 0) {
        if (channel.size() < channel.position()) {
          restart();
          continue;
        }
        return finished && (pending.size() > 0 || overlong) ? take() : null;
      }
    }
  }

  private void hold(byte[] bytes, int from, int to) {
    if (overlong || from == to) {
      return;
    }
    if (pending.size() + (to - from) > LINE_BYTES_MAX) {
      overlong = true;
      pending.reset();
      return;
    }
    pending.write(bytes, from, to - from);
  }

  private Line take() {
    lineNumber++;
    String text = null;
    if (!overlong) {
      text = pending.toString(StandardCharsets.UTF_8);
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
    }
    pending.reset();
    overlong = false;
    return new Line(lineNumber, text);
  }

  private void restart() throws IOException {
    channel.position(0);
    buffer.clear().flip();
    pending.reset();
    overlong = false;
    lineNumber = 0;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
