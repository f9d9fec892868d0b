package io.ledgerlab.node;

/** The node software's name and version, as peers, operators and the lab see it. */
public final class NodeVersion {
  private NodeVersion() {}

  public static String software() {
    String v = NodeVersion.class.getPackage().getImplementationVersion();
    return "ledgerlab-node/" + (v == null ? "0.1.0-dev" : v);
  }
}
