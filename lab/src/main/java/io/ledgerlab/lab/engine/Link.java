package io.ledgerlab.lab.engine;

import java.util.Objects;

/** One directed link: what {@code from} sends to {@code to}. */
public record Link(String from, String to) {
  public Link {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.equals(to)) {
      throw new IllegalArgumentException(from + "→" + to + " is not a link");
    }
  }

  @Override
  public String toString() {
    return from + "→" + to;
  }
}
