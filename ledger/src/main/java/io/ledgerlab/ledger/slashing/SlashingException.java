package io.ledgerlab.ledger.slashing;

/**
 * A signing history that cannot be read or merged: a malformed interchange, one for another chain,
 * or two histories that signed different blocks at the same position. The message says which.
 */
public final class SlashingException extends Exception {
  public SlashingException(String message) {
    super(message);
  }
}
