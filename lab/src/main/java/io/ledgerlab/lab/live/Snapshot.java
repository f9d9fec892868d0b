package io.ledgerlab.lab.live;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live state of a network at one refresh, with the history the charts draw. Immutable: the
 * server hands the latest one to every request while the refresher builds the next.
 *
 * @param updatedMicros when this refresh ended (epoch microseconds), 0 before the first
 * @param sourceError why the network's holder could not be read at the last refresh, or null
 * @param load the workload's counters, empty when no load runs
 */
public record Snapshot(
    String network,
    long updatedMicros,
    String sourceError,
    List<NodeRow> nodes,
    Chain chain,
    Optional<LoadView> load,
    Participation participation,
    List<LiveSource.FaultInForce> faults,
    List<Sample> history) {
  public Snapshot {
    nodes = List.copyOf(nodes);
    faults = List.copyOf(faults);
    history = List.copyOf(history);
  }

  static Snapshot empty(String network) {
    return new Snapshot(
        network,
        0,
        null,
        List.of(),
        new Chain(0, null, null, null),
        Optional.empty(),
        Participation.NONE,
        List.of(),
        List.of());
  }

  /**
   * The chain as the node read for blocks holds it.
   *
   * @param blockTimeMillis the interval between its two newest blocks; null before two were read
   * @param meanBlockTimeMillis the mean interval over the recent blocks
   * @param readFrom the node whose blocks were read, or null
   */
  public record Chain(
      long height, Double blockTimeMillis, Double meanBlockTimeMillis, String readFrom) {}

  /**
   * One point of the charts. Nulls where there was nothing to measure (no load, no block yet).
   *
   * @param heights the height of every node that answered
   */
  public record Sample(
      long atMillis,
      Map<String, Long> heights,
      Double committedPerSecond,
      Double latencyP50Millis,
      Double latencyP99Millis,
      Double blockTimeMillis,
      int faults) {
    public Sample {
      heights = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(heights));
    }
  }

  /** The nodes that answered at this refresh. */
  public long nodesUp() {
    return nodes.stream().filter(NodeRow::answered).count();
  }
}
