package io.ledgerlab.hermetic.feed;

/** An instruction that cannot be read: the message names the file, line, column and key. */
public final class InstructionException extends Exception {
  private static final long serialVersionUID = 1L;

  public InstructionException(String message) {
    super(message);
  }
}
