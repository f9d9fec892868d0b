package io.ledgerlab.ledger.replay;

/** A chain that cannot be replayed or exported as asked; the message says why and where. */
public final class ReplayException extends Exception {
  public ReplayException(String message) {
    super(message);
  }
}
