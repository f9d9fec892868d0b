package io.ledgerlab.hermetic.tuf;

/**
 * Why the client refused what the repository served. The {@link Reason} is stable (tests and
 * operators match on it); the message names the file and what is wrong in it.
 */
public final class TufException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, one word each. */
  public enum Reason {
    /** A document is not valid JSON, has duplicate keys, or lacks or mistypes a field. */
    MALFORMED,
    /** Fewer valid signatures by the role's keys than its threshold. */
    THRESHOLD,
    /** The document's expiry is at or before the update's start (a freeze). */
    EXPIRED,
    /** A version lower than the one trusted, or than the one another role names. */
    ROLLBACK,
    /** A version other than the one the referring role names (mix and match). */
    VERSION_MISMATCH,
    /** A length other than the one the referring role names. */
    LENGTH_MISMATCH,
    /** A hash other than the one the referring role names. */
    HASH_MISMATCH,
    /** The server sent more than the bound for the file (endless data). */
    TOO_LARGE,
    /** The server was slower than the deadline for the file (slow retrieval). */
    TOO_SLOW,
    /** A file could not be fetched (connection refused, a server error, I/O). */
    FETCH_FAILED,
    /** The server has no such file (404): for the next root version, the end of the chain. */
    NOT_FOUND,
    /** A role or file the workflow needs is absent from the metadata. */
    MISSING,
    /** Something the client does not support: a key type, a delegation, a hash algorithm. */
    UNSUPPORTED
  }

  private final Reason reason;

  public TufException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public TufException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public String getMessage() {
    return reason + ": " + super.getMessage();
  }
}
