package io.ledgerlab.observe.log;

/**
 * A line that is not a log record in the {@link LogLine} schema. Names what was wrong and, when the
 * caller knows it, the file and line number, so a bad line can be found and read.
 */
public final class LogLineException extends Exception {
  /** What was wrong with the line. */
  public enum Kind {
    EMPTY_LINE,
    NOT_JSON,
    NOT_AN_OBJECT,
    MISSING_KEY,
    BAD_VALUE,
    UNKNOWN_LEVEL,
    BAD_TIMESTAMP,
    DUPLICATE_KEY
  }

  private final Kind kind;
  private final String reason;
  private final String source;
  private final long lineNumber;

  /**
   * @param source the file or stream the line came from, or null when unknown
   * @param lineNumber the line's number in {@code source}, counted from 1, or 0 when unknown
   */
  public LogLineException(Kind kind, String reason, String source, long lineNumber) {
    super(where(source, lineNumber) + reason);
    this.kind = kind;
    this.reason = reason;
    this.source = source;
    this.lineNumber = lineNumber;
  }

  public LogLineException(Kind kind, String reason) {
    this(kind, reason, null, 0);
  }

  private static String where(String source, long lineNumber) {
    if (source == null && lineNumber <= 0) {
      return "";
    }
    String place = source == null ? "line " + lineNumber : source;
    return lineNumber > 0 && source != null ? place + ":" + lineNumber + ": " : place + ": ";
  }

  /** The same failure, placed at {@code source:lineNumber}. */
  LogLineException at(String source, long lineNumber) {
    return new LogLineException(kind, reason, source, lineNumber);
  }

  public Kind kind() {
    return kind;
  }

  /** What was wrong, without the place. */
  public String reason() {
    return reason;
  }

  /** The file or stream the line came from, or null when the caller did not say. */
  public String source() {
    return source;
  }

  /** The line's number, counted from 1, or 0 when the caller did not say. */
  public long lineNumber() {
    return lineNumber;
  }
}
