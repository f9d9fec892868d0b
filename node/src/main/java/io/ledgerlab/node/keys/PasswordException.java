package io.ledgerlab.node.keys;

/** A password that could not be read; the message names the source, never the password. */
public final class PasswordException extends Exception {
  public PasswordException(String message) {
    super(message);
  }

  public PasswordException(String message, Throwable cause) {
    super(message, cause);
  }
}
