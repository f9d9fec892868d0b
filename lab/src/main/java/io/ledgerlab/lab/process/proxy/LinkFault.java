package io.ledgerlab.lab.process.proxy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fault state of one directed link, applied by its {@link LinkProxy} to the bytes the dialing
 * node sends.
 *
 * @param blocked a partition: open connections are closed and new ones are closed right after
 *     accept
 * @param stalled connections stay open but nothing is forwarded; bytes are held (up to a cap per
 *     connection, past which the connection is closed) and flow again when the stall ends
 * @param latencyMicros the delay added to every chunk of bytes
 * @param jitterMicros each chunk's delay is drawn uniformly from {@code latencyMicros ±
 *     jitterMicros}, never below zero; chunks are never reordered, as on TCP
 * @param dropProbability per forwarded chunk, the probability that the connection is reset instead:
 *     this is how packet loss looks to a TCP user once retransmission gives up
 * @param bandwidthBytesPerSecond the forwarding rate limit; 0 means unlimited
 */
public record LinkFault(
    boolean blocked,
    boolean stalled,
    long latencyMicros,
    long jitterMicros,
    double dropProbability,
    long bandwidthBytesPerSecond) {

  /** A healthy link. */
  public static final LinkFault NONE = new LinkFault(false, false, 0, 0, 0, 0);

  /** A partitioned link. */
  public static final LinkFault BLOCKED = NONE.withBlocked(true);

  public LinkFault {
    requireNotNegative("latencyMicros", latencyMicros);
    requireNotNegative("jitterMicros", jitterMicros);
    requireNotNegative("bandwidthBytesPerSecond", bandwidthBytesPerSecond);
    if (!(dropProbability >= 0 && dropProbability <= 1)) {
      throw new IllegalArgumentException(
          "dropProbability must be in [0, 1], got " + dropProbability);
    }
  }

  public boolean isNone() {
    return equals(NONE);
  }

  public LinkFault withBlocked(boolean blocked) {
    return new LinkFault(
        blocked, stalled, latencyMicros, jitterMicros, dropProbability, bandwidthBytesPerSecond);
  }

  public LinkFault withStalled(boolean stalled) {
    return new LinkFault(
        blocked, stalled, latencyMicros, jitterMicros, dropProbability, bandwidthBytesPerSecond);
  }

  public LinkFault withLatency(long latencyMicros, long jitterMicros) {
    return new LinkFault(
        blocked, stalled, latencyMicros, jitterMicros, dropProbability, bandwidthBytesPerSecond);
  }

  public LinkFault withDropProbability(double dropProbability) {
    return new LinkFault(
        blocked, stalled, latencyMicros, jitterMicros, dropProbability, bandwidthBytesPerSecond);
  }

  public LinkFault withBandwidth(long bandwidthBytesPerSecond) {
    return new LinkFault(
        blocked, stalled, latencyMicros, jitterMicros, dropProbability, bandwidthBytesPerSecond);
  }

  /** The delay of one chunk: latency plus uniform jitter in {@code [-jitter, +jitter]}, not < 0. */
  long drawDelayMicros(SplittableRandom random) {
    if (jitterMicros == 0) {
      return latencyMicros;
    }
    long offset = random.nextLong(-jitterMicros, jitterMicros + 1);
    return Math.max(0, latencyMicros + offset);
  }

  /** Whether this chunk resets the connection instead of being forwarded. */
  boolean drawDrop(SplittableRandom random) {
    return dropProbability > 0 && random.nextDouble() < dropProbability;
  }

  /** For people: "none", "blocked", "latency 200ms±50ms, drop 5%", "bandwidth 100KiB/s"... */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (blocked) {
      parts.add("blocked");
    }
    if (stalled) {
      parts.add("stalled");
    }
    if (latencyMicros > 0 || jitterMicros > 0) {
      String jitter = jitterMicros > 0 ? "±" + formatMicros(jitterMicros) : "";
      parts.add("latency " + formatMicros(latencyMicros) + jitter);
    }
    if (dropProbability > 0) {
      parts.add(
          "drop "
              + BigDecimal.valueOf(dropProbability)
                  .movePointRight(2)
                  .stripTrailingZeros()
                  .toPlainString()
              + "%");
    }
    if (bandwidthBytesPerSecond > 0) {
      parts.add("bandwidth " + formatBytes(bandwidthBytesPerSecond) + "/s");
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  @Override
  public String toString() {
    return describe();
  }

  private static void requireNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }

  private static String formatMicros(long micros) {
    if (micros >= 1_000_000) {
      return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString() + "s";
    }
    if (micros >= 1_000 || micros == 0) {
      return BigDecimal.valueOf(micros, 3).stripTrailingZeros().toPlainString() + "ms";
    }
    return micros + "µs";
  }

  private static String formatBytes(long bytes) {
    if (bytes % (1 << 20) == 0) {
      return bytes / (1 << 20) + "MiB";
    }
    if (bytes % (1 << 10) == 0) {
      return bytes / (1 << 10) + "KiB";
    }
    return bytes + "B";
  }
}
