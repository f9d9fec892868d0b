package io.ledgerlab.ledger.exec;

/** A proposed or synced block that breaks the chain's rules; the message says which one. */
public final class InvalidBlockException extends Exception {
  public InvalidBlockException(long height, String reason) {
    super("block " + height + " is invalid: " + reason);
  }
}
