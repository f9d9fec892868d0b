package io.ledgerlab.lab.client;

/** A node did not answer a call, or answered with an error. */
public final class RpcException extends Exception {
  private final int code;

  public RpcException(String node, String method, int code, String message) {
    super(node + " " + method + ": " + message);
    this.code = code;
  }

  /** The JSON-RPC error code, or 0 when the node did not answer. */
  public int code() {
    return code;
  }
}
