package io.ledgerlab.runtime.net;

import java.util.regex.Pattern;

/** A node's name on the network, such as {@code n0}. */
public record NodeId(String name) implements Comparable<NodeId> {
  private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");

  public NodeId {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "node id must be 1-64 characters of letters, digits, '_', '.', '-', got: " + name);
    }
  }

  public static NodeId of(String name) {
    return new NodeId(name);
  }

  @Override
  public int compareTo(NodeId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
