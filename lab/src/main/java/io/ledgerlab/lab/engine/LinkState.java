package io.ledgerlab.lab.engine;

import io.ledgerlab.lab.manifest.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What is wrong with one directed link at a moment. Faults in force at the same time combine: a
 * link is blocked or stalled if any of them says so, delays add up, losses compound, and the
 * tightest bandwidth cap holds.
 *
 * @param loss the probability that a message (simulator) or a forwarded chunk (processes, where the
 *     connection is reset) is lost
 * @param bandwidthBytesPerSecond 0 for unlimited
 */
public record LinkState(
    boolean blocked,
    boolean stalled,
    long latencyMicros,
    long jitterMicros,
    double loss,
    long bandwidthBytesPerSecond) {
  public static final LinkState NONE = new LinkState(false, false, 0, 0, 0, 0);

  public LinkState {
    if (latencyMicros < 0 || jitterMicros < 0 || bandwidthBytesPerSecond < 0) {
      throw new IllegalArgumentException("latency, jitter and bandwidth must be >= 0");
    }
    if (!(loss >= 0 && loss <= 1)) {
      throw new IllegalArgumentException("loss must be in [0, 1], got " + loss);
    }
  }

  /** Every link of {@code network} as its {@code links} settings make it, before any fault. */
  public static Map<Link, LinkState> of(Network network) {
    Network.Links l = network.links();
    LinkState base =
        new LinkState(
            false,
            false,
            l.latencyMicros(),
            l.jitterMicros(),
            l.loss(),
            l.bandwidthBytesPerSecond());
    Map<Link, LinkState> out = new LinkedHashMap<>();
    if (!base.isNone()) {
      for (Network.NodeSpec a : network.nodes()) {
        for (Network.NodeSpec b : network.nodes()) {
          if (!a.name().equals(b.name())) {
            out.put(new Link(a.name(), b.name()), base);
          }
        }
      }
    }
    return out;
  }

  public static LinkState blockedLink() {
    return new LinkState(true, false, 0, 0, 0, 0);
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /** This fault and {@code other} in force together. */
  public LinkState and(LinkState other) {
    long bandwidth =
        bandwidthBytesPerSecond == 0
            ? other.bandwidthBytesPerSecond
            : other.bandwidthBytesPerSecond == 0
                ? bandwidthBytesPerSecond
                : Math.min(bandwidthBytesPerSecond, other.bandwidthBytesPerSecond);
    return new LinkState(
        blocked || other.blocked,
        stalled || other.stalled,
        latencyMicros + other.latencyMicros,
        jitterMicros + other.jitterMicros,
        1 - (1 - loss) * (1 - other.loss),
        bandwidth);
  }

  /** For people: "blocked", "latency 200ms ± 50ms, loss 5%"; "none" for a healthy link. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (blocked) {
      parts.add("blocked");
    }
    if (stalled) {
      parts.add("stalled");
    }
    if (latencyMicros > 0 || jitterMicros > 0) {
      parts.add(
          String.format(
              Locale.ROOT, "latency %.1fms ± %.1fms", latencyMicros / 1e3, jitterMicros / 1e3));
    }
    if (loss > 0) {
      parts.add(String.format(Locale.ROOT, "loss %.1f%%", loss * 100));
    }
    if (bandwidthBytesPerSecond > 0) {
      parts.add("bandwidth " + bandwidthBytesPerSecond + " B/s");
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
