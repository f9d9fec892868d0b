package io.ledgerlab.chaincode;

import java.util.Objects;

/**
 * A failure the chain code means: thrown out of a call, it becomes a failed {@link Outcome} with
 * this code and message, and every write of the call is discarded. Build both from the call's
 * inputs and state, so every validator records the same receipt.
 */
public class ChainCodeException extends RuntimeException {
  private final String code;
  private final String text;

  public ChainCodeException(String code, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.text = message;
  }

  /** The stable error code that goes into the receipt, such as {@code BID_TOO_LOW}. */
  public final String code() {
    return code;
  }

  /**
   * The failed outcome this exception stands for: its code and the message it was made with. Final,
   * and read from fields, so the node builds the receipt without running a subclass's code.
   */
  public final Outcome toOutcome() {
    return Outcome.fail(code, text);
  }
}
