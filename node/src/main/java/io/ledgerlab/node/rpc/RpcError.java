package io.ledgerlab.node.rpc;

/** A JSON-RPC error response: a standard code, a message that says what was wrong, and data. */
public final class RpcError extends Exception {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** The node cannot serve right now (stopping, or its event loop failed). */
  public static final int UNAVAILABLE = -32000;

  /** A block or transaction that this node does not have. */
  public static final int NOT_FOUND = -32004;

  private final int code;

  public RpcError(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  static RpcError invalidParams(String message) {
    return new RpcError(INVALID_PARAMS, "invalid params: " + message);
  }
}
