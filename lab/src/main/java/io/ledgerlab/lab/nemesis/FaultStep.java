package io.ledgerlab.lab.nemesis;

import java.util.Objects;

/**
 * A fault and its schedule, travelling together: it starts {@code atMicros} after the load starts
 * and is undone {@code forMicros} later, or at the heal when {@code forMicros} is 0 or reaches past
 * the load.
 *
 * @param source where it came from, for messages: "quickstart.yaml:23:7" or "nemesis"
 */
public record FaultStep(long atMicros, long forMicros, Fault fault, String source) {
  public FaultStep {
    Objects.requireNonNull(fault, "fault");
    if (atMicros < 0 || forMicros < 0) {
      throw new IllegalArgumentException("a fault's time and length must be >= 0");
    }
  }

  /** When its own window ends, or -1 when it lasts until the heal. */
  public long endMicros() {
    return forMicros == 0 ? -1 : atMicros + forMicros;
  }
}
