package io.ledgerlab.lab.check;

import io.ledgerlab.lab.engine.NodeEvent;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.target.ReplayResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a run recorded for its checks.
 *
 * @param reads the final reads of every honest node, by name; a node that could not be read at all
 *     is present with every part missing
 * @param heights each node's sampled heights over the run: points {@code [seconds, height]}
 * @param healSeconds when every fault was healed
 * @param commits the blocks each node logged committing, for placing a failure in time
 * @param loadSeconds how long the measured load ran
 * @param rejections the blocks the nodes logged refusing, for naming a version that diverges
 * @param replay the replay of a node's chain the scenario asked for, or null when it asked for none
 *     or none could be made ({@code replayProblem} says why)
 * @param replayProblem why the replay asked for could not be made, or null
 * @param observations what the observers logged following the chain; {@link Observations#NONE}
 *     without observers
 */
public record RunRecord(
    List<NodeInfo> nodes,
    History history,
    Map<String, NodeRead> reads,
    List<NodeEvent> nodeEvents,
    Map<String, List<double[]>> heights,
    double healSeconds,
    long livenessBoundMicros,
    List<Commit> commits,
    LoadRecorder load,
    double loadSeconds,
    List<Scenario.Threshold> thresholds,
    List<Rejection> rejections,
    ReplayResult replay,
    String replayProblem,
    Observations observations) {
  public RunRecord {
    java.util.Objects.requireNonNull(observations, "observations");
    rejections = List.copyOf(rejections);
    nodes = List.copyOf(nodes);
    // Copies that keep the network's order: Map.copyOf's order differs from one JVM to the next.
    reads = Collections.unmodifiableMap(new LinkedHashMap<>(reads));
    nodeEvents = List.copyOf(nodeEvents);
    heights = Collections.unmodifiableMap(new LinkedHashMap<>(heights));
    commits = List.copyOf(commits);
    thresholds = List.copyOf(thresholds);
  }

  /** A record of a network without observers. */
  public RunRecord(
      List<NodeInfo> nodes,
      History history,
      Map<String, NodeRead> reads,
      List<NodeEvent> nodeEvents,
      Map<String, List<double[]>> heights,
      double healSeconds,
      long livenessBoundMicros,
      List<Commit> commits,
      LoadRecorder load,
      double loadSeconds,
      List<Scenario.Threshold> thresholds,
      List<Rejection> rejections,
      ReplayResult replay,
      String replayProblem) {
    this(
        nodes,
        history,
        reads,
        nodeEvents,
        heights,
        healSeconds,
        livenessBoundMicros,
        commits,
        load,
        loadSeconds,
        thresholds,
        rejections,
        replay,
        replayProblem,
        Observations.NONE);
  }

  /**
   * A record without the nodes' refusals (one software version, nothing to tell apart) or a replay.
   */
  public RunRecord(
      List<NodeInfo> nodes,
      History history,
      Map<String, NodeRead> reads,
      List<NodeEvent> nodeEvents,
      Map<String, List<double[]>> heights,
      double healSeconds,
      long livenessBoundMicros,
      List<Commit> commits,
      LoadRecorder load,
      double loadSeconds,
      List<Scenario.Threshold> thresholds) {
    this(
        nodes,
        history,
        reads,
        nodeEvents,
        heights,
        healSeconds,
        livenessBoundMicros,
        commits,
        load,
        loadSeconds,
        thresholds,
        List.of(),
        null,
        null);
  }

  public List<NodeInfo> honest() {
    return nodes.stream().filter(NodeInfo::honest).toList();
  }

  public Optional<NodeInfo> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The honest nodes' reads whose chain could be read, in network order. */
  public List<NodeRead> chains() {
    return honest().stream()
        .map(n -> reads.get(n.name()))
        .filter(r -> r != null && r.chain() != null)
        .toList();
  }

  /** Honest nodes whose chain could not be read, with why. */
  public List<String> unreadChains() {
    return honest().stream()
        .filter(n -> reads.get(n.name()) == null || reads.get(n.name()).chain() == null)
        .map(
            n ->
                n.name()
                    + (reads.get(n.name()) == null
                        ? " (not read)"
                        : " (" + reads.get(n.name()).chainError() + ")"))
        .toList();
  }

  /** When {@code node} logged committing {@code height}, or null when its log does not say. */
  public Double committedAt(String node, long height) {
    for (Commit c : commits) {
      if (c.node().equals(node) && c.height() == height) {
        return c.atSeconds();
      }
    }
    return null;
  }
}
