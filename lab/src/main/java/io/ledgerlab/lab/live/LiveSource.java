package io.ledgerlab.lab.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where a live view reads a network from: the nodes with their process state and endpoint, the
 * faults in force, and — during a run — the workload's own counters. One implementation per place
 * that holds a network: a run's engine ({@link RunSource}), a supervisor's status ({@link
 * StatusSource}). Called from one refresher thread, about once a second.
 */
public interface LiveSource {
  /**
   * Every node, in the network's order.
   *
   * @throws IOException when whoever holds the network does not answer (the view keeps its last
   *     state and says so)
   */
  List<NodeEndpoint> nodes() throws IOException;

  /** The faults in force now, as the nemesis or the supervisor holds them. */
  List<FaultInForce> faults() throws IOException;

  /**
   * The nodes the network should have, by name, in its order: the rows shown while {@link #nodes()}
   * has never answered. Empty when the source cannot know them without asking.
   */
  default List<String> expectedNodes() {
    return List.of();
  }

  /** The workload's counters; empty when no load runs (a network brought up with {@code up}). */
  default Optional<LoadView> load() {
    return Optional.empty();
  }

  /**
   * A node as its holder sees it.
   *
   * @param state the process state as its engine says it: {@code running}, {@code paused}, {@code
   *     down}, {@code exited}, …
   * @param rpc the node's HTTP endpoint, when the lab can reach one
   * @param status the node's {@code node_status} answer when the holder already read it, or null
   *     (the view then asks the node itself when it runs)
   */
  record NodeEndpoint(String name, String state, Optional<URI> rpc, JsonNode status) {
    public boolean running() {
      return "running".equals(state);
    }
  }

  /** A fault in force: its kind ({@code kill}, {@code partition}, …) and its target. */
  record FaultInForce(String kind, String target) {
    /** Parses the "kind target" lines the supervisor and {@code FaultWindows} write. */
    public static FaultInForce parse(String line) {
      String l = line.strip();
      int space = l.indexOf(' ');
      return space < 0
          ? new FaultInForce(l, "")
          : new FaultInForce(l.substring(0, space), l.substring(space + 1).strip());
    }
  }
}
