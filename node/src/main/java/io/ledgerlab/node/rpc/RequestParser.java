package io.ledgerlab.node.rpc;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.1 requests from a connection's bytes, a piece at a time, within bounds: the request
 * line and headers together at most {@code headBytesMax}, a body at most {@code bodyBytesMax}
 * (framed by {@code Content-Length} or chunked). A body over the bound is read and dropped, never
 * kept, up to {@code drainBytesMax}, so the client's answer is not lost to a TCP reset.
 *
 * <p>It is a small parser on purpose: the node answers four routes, and every byte a client sends
 * is accounted for here. One instance per connection, used on its I/O thread only.
 */
final class RequestParser {
  /** The longest chunk-size line (size, extensions) accepted. */
  private static final int CHUNK_LINE_BYTES_MAX = 1024;

  /** A request read whole. */
  record Request(String method, String path, boolean keepAlive, byte[] body) {}

  /** What {@link #next} found. */
  sealed interface Event {}

  /**
   * The request line and headers are read; a body of {@code bodyBytes} follows (-1: chunked, up to
   * the bound). The client waits for {@code 100 Continue} when {@code expectContinue}.
   */
  record Head(String method, String path, long bodyBytes, boolean expectContinue)
      implements Event {}

  /** The body is over the bound: from here on it is read and dropped. */
  record TooLarge() implements Event {}

  /** A whole request, its body kept. */
  record Complete(Request request) implements Event {}

  /** A dropped body has been read to its end, or past the drain bound. */
  record Drained() implements Event {}

  /** Not HTTP the node reads: answer {@code status} and close. */
  record Malformed(int status, String reason) implements Event {}

  private enum State {
    HEAD,
    FIXED,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER,
    DONE
  }

  private final int headBytesMax;
  private final int bodyBytesMax;
  private final long drainBytesMax;

  private State state = State.HEAD;
  private int scanned;
  private String method;
  private String path;
  private boolean keepAlive;
  private boolean discarding;
  private long remaining;
  private long bodyBytes;
  private long drained;
  private byte[] fixedBody;
  private int fixedFilled;
  private ByteArrayOutputStream chunked;

  RequestParser(int headBytesMax, int bodyBytesMax, long drainBytesMax) {
    this.headBytesMax = headBytesMax;
    this.bodyBytesMax = bodyBytesMax;
    this.drainBytesMax = drainBytesMax;
  }

  /** From now on the body is read and dropped (the request will not be answered normally). */
  void discard() {
    discarding = true;
    fixedBody = null;
    chunked = null;
  }

  /**
   * Consumes what it can of {@code in} and returns the next event, or null when it needs more
   * bytes. Call it again after an event: one call returns at most one.
   */
  Event next(ByteBuf in) {
    while (true) {
      switch (state) {
        case HEAD -> {
          int end = headEnd(in);
          if (end == -2) {
            return new Malformed(431, "request line and headers exceed " + headBytesMax + " bytes");
          }
          if (end < 0) {
            return null;
          }
          String head = in.readCharSequence(end, StandardCharsets.ISO_8859_1).toString();
          scanned = 0;
          return head(head);
        }
        case FIXED -> {
          if (remaining == 0) {
            return finish();
          }
          if (!in.isReadable()) {
            return null;
          }
          int n = (int) Math.min(remaining, in.readableBytes());
          remaining -= n;
          if (discarding) {
            in.skipBytes(n);
            drained += n;
            if (drained > drainBytesMax) {
              state = State.DONE;
              return new Drained();
            }
          } else {
            in.readBytes(fixedBody, fixedFilled, n);
            fixedFilled += n;
          }
        }
        case CHUNK_SIZE -> {
          String line = line(in, CHUNK_LINE_BYTES_MAX);
          if (line == null) {
            return lineTooLong(in, CHUNK_LINE_BYTES_MAX)
                ? malformed("chunk size line too long")
                : null;
          }
          int semicolon = line.indexOf(';');
          String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
          if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(RequestParser::isHex)) {
            return malformed("bad chunk size '" + printable(hex) + "'");
          }
          long size = Long.parseLong(hex, 16);
          if (size == 0) {
            state = State.TRAILER;
            continue;
          }
          remaining = size;
          bodyBytes += size;
          state = State.CHUNK_DATA;
          if (!discarding && bodyBytes > bodyBytesMax) {
            discard();
            return new TooLarge();
          }
        }
        case CHUNK_DATA -> {
          if (remaining == 0) {
            state = State.CHUNK_END;
            continue;
          }
          if (!in.isReadable()) {
            return null;
          }
          int n = (int) Math.min(remaining, in.readableBytes());
          remaining -= n;
          if (discarding) {
            in.skipBytes(n);
            drained += n;
            if (drained > drainBytesMax) {
              state = State.DONE;
              return new Drained();
            }
          } else {
            byte[] piece = new byte[n];
            in.readBytes(piece);
            chunked.writeBytes(piece);
          }
        }
        case CHUNK_END -> {
          String line = line(in, 2);
          if (line == null) {
            return lineTooLong(in, 2) ? malformed("chunk data longer than its size") : null;
          }
          if (!line.isEmpty()) {
            return malformed("chunk data longer than its size");
          }
          state = State.CHUNK_SIZE;
        }
        case TRAILER -> {
          // Trailer fields are read and ignored, bounded like the head.
          String line = line(in, headBytesMax);
          if (line == null) {
            return lineTooLong(in, headBytesMax) ? malformed("trailer too long") : null;
          }
          if (line.isEmpty()) {
            return finish();
          }
        }
        case DONE -> {
          return null;
        }
      }
    }
  }

  /** The request just read, and the parser ready for the next one on the connection. */
  private Event finish() {
    byte[] body = fixedBody != null ? fixedBody : chunked != null ? chunked.toByteArray() : null;
    boolean dropped = discarding;
    Request request = new Request(method, path, keepAlive, body == null ? new byte[0] : body);
    state = State.HEAD;
    discarding = false;
    fixedBody = null;
    chunked = null;
    bodyBytes = 0;
    drained = 0;
    remaining = 0;
    if (dropped) {
      state = State.DONE;
      return new Drained();
    }
    return new Complete(request);
  }

  /**
   * Where the head ends (its length including the blank line), -1 when not yet, -2 when it is
   * longer than the bound. Empty lines before a request line are skipped, as RFC 9112 allows.
   */
  private int headEnd(ByteBuf in) {
    while (scanned == 0 && in.isReadable()) {
      byte b = in.getByte(in.readerIndex());
      if (b != '\r' && b != '\n') {
        break;
      }
      in.skipBytes(1);
    }
    int limit = Math.min(in.readableBytes(), headBytesMax);
    for (int i = Math.max(1, scanned); i < limit; i++) {
      if (in.getByte(in.readerIndex() + i) == '\n') {
        byte before = in.getByte(in.readerIndex() + i - 1);
        if (before == '\n') {
          return i + 1;
        }
        if (before == '\r' && i >= 2 && in.getByte(in.readerIndex() + i - 2) == '\n') {
          return i + 1;
        }
      }
    }
    scanned = Math.max(scanned, limit);
    return in.readableBytes() >= headBytesMax ? -2 : -1;
  }

  private Event head(String head) {
    String[] lines = head.split("\r?\n");
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3
        || !isToken(requestLine[0])
        || requestLine[1].isEmpty()
        || !requestLine[2].startsWith("HTTP/")) {
      return malformed("bad request line '" + printable(lines[0]) + "'");
    }
    String version = requestLine[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      if (version.matches("HTTP/\\d\\.\\d")) {
        state = State.DONE;
        return new Malformed(505, "HTTP version " + version + " not supported, only HTTP/1.1");
      }
      return malformed("bad HTTP version '" + printable(version) + "'");
    }
    long contentLength = -1;
    boolean chunkedBody = false;
    boolean expectContinue = false;
    String connection = "";
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        return malformed("bad header line " + i + " '" + printable(line) + "'");
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> {
          if (value.isEmpty()
              || value.length() > 18
              || !value.chars().allMatch(Character::isDigit)) {
            return malformed("bad Content-Length '" + printable(value) + "'");
          }
          long n = Long.parseLong(value);
          if (contentLength >= 0 && contentLength != n) {
            return malformed("two different Content-Length headers");
          }
          contentLength = n;
        }
        case "transfer-encoding" -> {
          if (!value.equalsIgnoreCase("chunked")) {
            state = State.DONE;
            return new Malformed(501, "Transfer-Encoding '" + printable(value) + "' not supported");
          }
          chunkedBody = true;
        }
        case "expect" -> expectContinue = value.equalsIgnoreCase("100-continue");
        case "connection" -> connection = value.toLowerCase(Locale.ROOT);
        default -> {}
      }
    }
    if (chunkedBody && contentLength >= 0) {
      return malformed("both Content-Length and Transfer-Encoding");
    }
    method = requestLine[0];
    path = path(requestLine[1]);
    keepAlive =
        version.equals("HTTP/1.1")
            ? !connection.contains("close")
            : connection.contains("keep-alive");
    if (chunkedBody) {
      state = State.CHUNK_SIZE;
      chunked = new ByteArrayOutputStream();
      return new Head(method, path, -1, expectContinue);
    }
    long length = Math.max(0, contentLength);
    state = State.FIXED;
    remaining = length;
    fixedFilled = 0;
    if (length > bodyBytesMax) {
      discard();
      return new Head(method, path, length, expectContinue);
    }
    fixedBody = new byte[(int) length];
    return new Head(method, path, length, expectContinue);
  }

  /** The path of a request target: origin form, or absolute form without scheme and authority. */
  private static String path(String target) {
    String p = target;
    int scheme = p.indexOf("://");
    if (scheme > 0 && !p.startsWith("/")) {
      int slash = p.indexOf('/', scheme + 3);
      p = slash < 0 ? "/" : p.substring(slash);
    }
    int query = p.indexOf('?');
    return query < 0 ? p : p.substring(0, query);
  }

  /** The next line without its end, or null when there is none within {@code max} bytes. */
  private static String line(ByteBuf in, int max) {
    int limit = Math.min(in.readableBytes(), max + 2);
    for (int i = 0; i < limit; i++) {
      if (in.getByte(in.readerIndex() + i) == '\n') {
        int length = i > 0 && in.getByte(in.readerIndex() + i - 1) == '\r' ? i - 1 : i;
        String line = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
        in.skipBytes(i + 1);
        return line;
      }
    }
    return null;
  }

  private static boolean lineTooLong(ByteBuf in, int max) {
    return in.readableBytes() >= max + 2;
  }

  private Event malformed(String reason) {
    state = State.DONE;
    return new Malformed(400, reason);
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** At most 80 characters of client input, with control characters shown as '?'. */
  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }
}
