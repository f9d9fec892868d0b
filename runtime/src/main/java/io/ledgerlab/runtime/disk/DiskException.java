package io.ledgerlab.runtime.disk;

/** The storage underneath failed; the node cannot continue safely. */
public final class DiskException extends RuntimeException {
  public DiskException(String message, Throwable cause) {
    super(message, cause);
  }
}
