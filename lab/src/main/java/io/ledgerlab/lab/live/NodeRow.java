package io.ledgerlab.lab.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's row on the dashboard. The fields a node reports about itself (version, peers) are
 * shown as it sent them: the page treats every string here as untrusted text.
 *
 * @param state the process state from the node's holder
 * @param answered whether the node answered {@code node_status} at the last refresh
 * @param role {@code validator} or {@code observer}
 * @param validator the node's validator address, or null for an observer
 * @param error why the node could not be read, or null
 */
public record NodeRow(
    String name,
    String state,
    boolean answered,
    long height,
    int round,
    List<String> peers,
    String version,
    String role,
    String validator,
    long mempool,
    boolean healthy,
    boolean syncing,
    String error) {
  public NodeRow {
    peers = List.copyOf(peers);
  }

  /** A node that did not answer, or that runs no process to ask. */
  static NodeRow silent(String name, String state, String error) {
    return new NodeRow(name, state, false, -1, -1, List.of(), "", "", null, 0, false, false, error);
  }

  /** A node's row from its {@code node_status} answer. */
  static NodeRow of(String name, String state, JsonNode s) {
    List<String> peers = new ArrayList<>();
    s.path("peers").forEach(p -> peers.add(p.asText()));
    String validator = s.path("validator").isTextual() ? s.path("validator").asText() : null;
    // Nodes before issue 15 do not say their role: a node without a validator key observes.
    String role = s.path("role").asText(validator == null ? "observer" : "validator");
    return new NodeRow(
        name,
        state,
        true,
        s.path("height").asLong(-1),
        s.path("round").asInt(-1),
        peers,
        s.path("version").asText(""),
        role,
        validator,
        s.path("mempool").path("transactions").asLong(0),
        s.path("healthy").asBoolean(false),
        s.path("syncing").asBoolean(false),
        null);
  }
}
