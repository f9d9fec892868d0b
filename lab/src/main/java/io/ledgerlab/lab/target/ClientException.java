package io.ledgerlab.lab.target;

/** A node did not answer a client call, or answered with an error; names the node and the call. */
public final class ClientException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String node;

  public ClientException(String node, String message) {
    super(node + ": " + message);
    this.node = node;
  }

  public ClientException(String node, String message, Throwable cause) {
    super(node + ": " + message, cause);
    this.node = node;
  }

  public String node() {
    return node;
  }
}
