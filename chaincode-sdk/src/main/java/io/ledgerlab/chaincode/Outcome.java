package io.ledgerlab.chaincode;

import java.util.Objects;

/** The result of a chain-code call: success with result bytes, or a failure code and message. */
public record Outcome(boolean succeeded, byte[] result, String errorCode, String message) {
  public Outcome {
    Objects.requireNonNull(result, "result");
    if (!succeeded) {
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(message, "message");
    }
    result = result.clone();
  }

  public static Outcome ok(byte[] result) {
    return new Outcome(true, result, null, null);
  }

  public static Outcome ok() {
    return ok(new byte[0]);
  }

  public static Outcome fail(String errorCode, String message) {
    return new Outcome(false, new byte[0], errorCode, message);
  }

  @Override
  public byte[] result() {
    return result.clone();
  }
}
