package io.ledgerlab.runtime.sim;

/**
 * How one directed link behaves: delay drawn uniformly from {@code latencyMicros ± jitterMicros}
 * (so messages overtake each other), and independent chances of loss and duplication.
 */
public record LinkModel(
    long latencyMicros, long jitterMicros, double lossProbability, double duplicateProbability) {
  public static final LinkModel LAN = new LinkModel(2_000, 1_000, 0, 0);

  public LinkModel {
    if (latencyMicros < 0 || jitterMicros < 0 || jitterMicros > latencyMicros) {
      throw new IllegalArgumentException(
          "need 0 <= jitter <= latency, got " + jitterMicros + " and " + latencyMicros);
    }
    if (lossProbability < 0
        || lossProbability > 1
        || duplicateProbability < 0
        || duplicateProbability > 1) {
      throw new IllegalArgumentException("probabilities must be in [0, 1]");
    }
  }
}
