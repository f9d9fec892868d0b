package io.ledgerlab.ledger.genesis;

/** A genesis document that cannot be used; the message names the source, place and problem. */
public final class GenesisException extends Exception {
  public GenesisException(String message) {
    super(message);
  }

  public GenesisException(String message, Throwable cause) {
    super(message, cause);
  }
}
