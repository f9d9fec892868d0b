package io.ledgerlab.node.p2p;

/** The peer-to-peer layer cannot start, for example because its port is taken. */
public final class P2pException extends Exception {
  public P2pException(String message, Throwable cause) {
    super(message, cause);
  }
}
