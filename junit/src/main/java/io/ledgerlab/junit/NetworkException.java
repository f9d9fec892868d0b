package io.ledgerlab.junit;

/** A network could not be started, reached or driven; the message names the node and the call. */
public final class NetworkException extends RuntimeException {
  public NetworkException(String message, Throwable cause) {
    super(message, cause);
  }

  public NetworkException(String message) {
    super(message);
  }
}
