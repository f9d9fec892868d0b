package io.ledgerlab.ledger.observer;

import java.util.List;
import java.util.Map;

/**
 * What an observer has measured so far, as {@code observer_status} reports it.
 *
 * @param role {@code observer}, or {@code validator} for a node that votes (its figures stay empty)
 * @param height the node's committed height
 * @param blocks blocks the observer committed and measured
 * @param divergences the first divergences found, oldest first (at most {@link
 *     Observer#DIVERGENCES_KEPT_MAX}); {@code divergenceCount} counts them all
 * @param roundChanges certificates of a round above 0
 * @param validators per genesis validator name, in genesis order
 * @param lastIntervalMicros the last block's header time minus its parent's; 0 before any block
 * @param meanIntervalMicros the mean of those intervals; 0 before any block
 * @param proposers blocks proposed, per validator name
 * @param peers the software version each peer announced, by peer name
 */
public record ObserverStatus(
    String role,
    long height,
    long blocks,
    List<Divergence> divergences,
    long divergenceCount,
    long roundChanges,
    Map<String, Participation> validators,
    long lastIntervalMicros,
    long meanIntervalMicros,
    Map<String, Long> proposers,
    Map<String, String> peers) {
  public static final String OBSERVER = "observer";
  public static final String VALIDATOR = "validator";

  public ObserverStatus {
    divergences = List.copyOf(divergences);
    validators = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(validators));
    proposers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(proposers));
    peers = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(peers));
  }

  /** A node that measures nothing: a validator, which still knows its height and its peers. */
  public static ObserverStatus validator(long height, Map<String, String> peers) {
    return new ObserverStatus(
        VALIDATOR, height, 0, List.of(), 0, 0, Map.of(), 0, 0, Map.of(), peers);
  }

  /**
   * A certified block whose replay here computed another root than its header.
   *
   * @param field {@code stateRoot} or {@code receiptsRoot}
   * @param header the header's root, hex
   * @param computed the root this node computed, hex
   */
  public record Divergence(long height, String field, String header, String computed) {}

  /**
   * One validator's part in the certificates the observer saw.
   *
   * @param certificates certificates seen since the observer started
   * @param signed those that hold its precommit
   * @param missed those that do not
   */
  public record Participation(long certificates, long signed, long missed) {
    /** {@code missed / certificates}, or 0 before any certificate. */
    public double missedRatio() {
      return certificates == 0 ? 0 : (double) missed / certificates;
    }
  }
}
