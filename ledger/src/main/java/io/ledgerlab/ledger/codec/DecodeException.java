package io.ledgerlab.ledger.codec;

/**
 * Bytes that are not a valid encoding. Names the field being read, the byte offset where decoding
 * stopped, and what was wrong, so a bad message from a peer or a client can be logged precisely.
 */
public final class DecodeException extends Exception {
  /** What was wrong with the input. */
  public enum Kind {
    TRUNCATED,
    TOO_LONG,
    OUT_OF_RANGE,
    INVALID_UTF8,
    UNKNOWN_TYPE,
    UNKNOWN_VERSION,
    UNKNOWN_TAG,
    NON_CANONICAL,
    TRAILING_BYTES,
    INVALID_VALUE
  }

  private final Kind kind;
  private final String field;
  private final int offset;

  public DecodeException(Kind kind, String field, int offset, String detail) {
    super(kind + " at offset " + offset + " in field '" + field + "': " + detail);
    this.kind = kind;
    this.field = field;
    this.offset = offset;
  }

  public Kind kind() {
    return kind;
  }

  public String field() {
    return field;
  }

  public int offset() {
    return offset;
  }
}
