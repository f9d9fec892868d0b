package io.ledgerlab.junit.campaign;

import java.util.Objects;

/**
 * One operation of a sequence: which handler, and the seed of its own random source. The handler
 * makes the operation from that seed and the ghost state when the step runs, so a sequence with
 * steps removed still replays: each remaining step draws what it drew before.
 */
public record Step(String handler, long seed) {
  public Step {
    Objects.requireNonNull(handler, "handler");
  }

  @Override
  public String toString() {
    return handler + "#" + Long.toUnsignedString(seed, 16);
  }
}
