package io.ledgerlab.lab.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every kind of fault the lab can inject. An engine states which of them it can put into effect; a
 * scenario asking an engine for one it cannot is rejected before anything starts.
 */
public enum FaultKind {
  /** SIGKILL: the node's memory is lost; what it handed to the operating system survives. */
  KILL,
  /** A power loss: like a kill, and the writes the node had not synced are lost too. */
  CRASH,
  /** A graceful stop (SIGTERM). */
  STOP,
  /** A stop and a start at once. */
  RESTART,
  /** SIGSTOP: the node freezes; its connections stay open and its peers see silence. */
  PAUSE,
  /** Groups that cannot reach each other; nodes named in no group form one more group. */
  PARTITION,
  /** One node cut off from every other, both ways. */
  ISOLATE,
  /** One-way: what one side sends to the other is lost, the way back still works. */
  CUT,
  /** Two sides that cannot reach each other, and nodes in neither that reach both. */
  BRIDGE,
  /** Added latency and jitter on the links of some nodes. */
  DELAY,
  /** Lost traffic on the links of some nodes. */
  LOSS,
  /** Links that hold their bytes until the stall ends. */
  STALL,
  /** A bandwidth cap on the links of some nodes. */
  BANDWIDTH,
  /** A node's clock offset. */
  SKEW,
  /**
   * A rolling upgrade's step: a graceful stop, the node's software swapped for another version, a
   * start. It stays: nothing undoes an upgrade.
   */
  UPGRADE;

  /** The name scenarios and the CLI use, such as {@code kill}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FaultKind> of(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
  }

  /** Faults that act on links between nodes: nothing to act on where nodes dial each other. */
  public boolean onLink() {
    return this == PARTITION
        || this == ISOLATE
        || this == CUT
        || this == BRIDGE
        || this == DELAY
        || this == LOSS
        || this == STALL
        || this == BANDWIDTH;
  }

  /** Faults that take a node down or freeze it, rather than break its links or its clock. */
  public boolean onNode() {
    return this == KILL || this == CRASH || this == STOP || this == RESTART || this == PAUSE;
  }
}
