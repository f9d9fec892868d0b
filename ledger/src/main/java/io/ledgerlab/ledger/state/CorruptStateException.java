package io.ledgerlab.ledger.state;

/** Stored data that cannot be what this code wrote: the node must stop, not guess. */
public final class CorruptStateException extends RuntimeException {
  public CorruptStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
