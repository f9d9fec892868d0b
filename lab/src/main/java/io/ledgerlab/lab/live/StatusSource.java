package io.ledgerlab.lab.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A network brought up with {@code ledgerlab up}, as its supervisor's {@code /status} answer says:
 * each node's process state, RPC address and — when it runs — its {@code node_status}, and the
 * faults in force. One status read per refresh serves both.
 */
public final class StatusSource implements LiveSource {
  /** Reads the supervisor's status; throws when it does not answer. */
  public interface Status {
    JsonNode read() throws IOException;
  }

  private final Status status;
  private final List<String> expected;
  private JsonNode last;

  public StatusSource(Status status) {
    this(status, List.of());
  }

  /**
   * @param expected the manifest's node names: the rows shown while the supervisor does not answer
   */
  public StatusSource(Status status, List<String> expected) {
    this.status = status;
    this.expected = List.copyOf(expected);
  }

  @Override
  public List<String> expectedNodes() {
    return expected;
  }

  @Override
  public List<NodeEndpoint> nodes() throws IOException {
    last = status.read();
    List<NodeEndpoint> out = new ArrayList<>();
    for (JsonNode n : last.path("nodes")) {
      String rpc = n.path("rpc").asText("");
      out.add(
          new NodeEndpoint(
              n.path("name").asText(),
              n.path("state").asText("unknown"),
              rpc.isEmpty() ? Optional.empty() : Optional.of(URI.create("http://" + rpc + "/")),
              n.path("status").isObject() ? n.path("status") : null));
    }
    return out;
  }

  /** The faults of the status {@link #nodes()} read: they are one answer. */
  @Override
  public List<FaultInForce> faults() {
    List<FaultInForce> out = new ArrayList<>();
    if (last != null) {
      last.path("faultsInForce").forEach(f -> out.add(FaultInForce.parse(f.asText())));
    }
    return out;
  }
}
