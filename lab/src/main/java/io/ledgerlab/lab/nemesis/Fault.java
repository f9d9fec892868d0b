package io.ledgerlab.lab.nemesis;

import io.ledgerlab.runtime.net.NodeId;
import java.util.List;
import java.util.Set;

/**
 * One fault and its schedule, travelling together: what breaks, from when, for how long; the
 * nemesis heals it at the end of its window, and everything heals before the quiet period.
 */
public record Fault(
    Kind kind, long startMicros, long durationMicros, List<Set<NodeId>> targets, long amount) {
  /** What breaks. {@code targets} and {@code amount} mean different things per kind. */
  public enum Kind {
    /**
     * targets: the groups that cannot reach each other; a node in no group keeps every link (a
     * bridge), and a group of one is an isolated node.
     */
    PARTITION,
    /** targets: [from, to] — messages from the first set to the second are cut. */
    ONE_WAY,
    /** targets: [victims]; lossy links to and from them, amount = loss in percent. */
    LOSS,
    /** targets: [victims]; a crash, unsynced disk writes lost, restart at the end. */
    CRASH,
    /** targets: [victims]; SIGSTOP-like pause, resumed at the end. */
    PAUSE,
    /** targets: [victims]; clock offset of amount microseconds, with drift. */
    CLOCK_SKEW
  }

  public long endMicros() {
    return startMicros + durationMicros;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%s at %.1fs for %.1fs on %s%s",
        kind,
        startMicros / 1e6,
        durationMicros / 1e6,
        targets,
        amount == 0 ? "" : " (" + amount + ")");
  }
}
