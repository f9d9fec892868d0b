package io.ledgerlab.runtime.sim;

/**
 * What is wrong with one directed link of the simulated network, on top of its {@link LinkModel}.
 *
 * @param blocked every message is lost (a partition)
 * @param stalled messages are held, in order, and delivered when the stall ends
 * @param latencyMicros added to every message's delay
 * @param jitterMicros the added delay varies by up to this much either way
 * @param loss the probability that a message is lost
 * @param bandwidthBytesPerSecond the link carries at most this many bytes a second; 0 for no cap
 */
public record LinkFault(
    boolean blocked,
    boolean stalled,
    long latencyMicros,
    long jitterMicros,
    double loss,
    long bandwidthBytesPerSecond) {
  public static final LinkFault NONE = new LinkFault(false, false, 0, 0, 0, 0);

  public LinkFault {
    if (latencyMicros < 0 || jitterMicros < 0 || bandwidthBytesPerSecond < 0) {
      throw new IllegalArgumentException("latency, jitter and bandwidth must be >= 0");
    }
    if (!(loss >= 0 && loss <= 1)) {
      throw new IllegalArgumentException("loss must be in [0, 1], got " + loss);
    }
  }
}
