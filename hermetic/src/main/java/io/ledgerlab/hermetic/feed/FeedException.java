package io.ledgerlab.hermetic.feed;

/** An operator's feed command that cannot go on; the message says what to do instead. */
public final class FeedException extends Exception {
  private static final long serialVersionUID = 1L;

  public FeedException(String message) {
    super(message);
  }

  public FeedException(String message, Throwable cause) {
    super(message, cause);
  }
}
