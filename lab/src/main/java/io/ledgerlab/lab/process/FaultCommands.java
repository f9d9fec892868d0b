package io.ledgerlab.lab.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.manifest.Units;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fault requests the supervisor accepts, as JSON: {@code {"action": "partition", "groups":
 * [["n0","n1"],["n2","n3"]]}}, {@code {"action": "kill", "node": "n0"}} and so on. One place
 * decodes them, so the CLI and the scenario runner ask for faults the same way.
 */
public final class FaultCommands {
  private FaultCommands() {}

  /** Applies {@code request} to {@code network}; a sentence saying what was done. */
  public static String apply(ProcessNetwork network, JsonNode request)
      throws IOException, RpcException {
    String action = text(request, "action");
    switch (action) {
      case "kill" -> {
        String node = text(request, "node");
        network.kill(node);
        return "killed " + node + " (SIGKILL)";
      }
      case "stop" -> {
        String node = text(request, "node");
        network.stop(node);
        return "stopped " + node + " (SIGTERM)";
      }
      case "start", "restart" -> {
        String node = text(request, "node");
        network.restart(node);
        return (action.equals("start") ? "started " : "restarted ") + node;
      }
      case "pause" -> {
        String node = text(request, "node");
        network.pause(node);
        return "paused " + node + " (SIGSTOP)";
      }
      case "resume" -> {
        String node = text(request, "node");
        network.resume(node);
        return "resumed " + node + " (SIGCONT)";
      }
      case "partition" -> {
        List<Set<String>> groups = groups(request);
        network.partition(groups);
        return "partitioned into " + groups;
      }
      case "isolate" -> {
        String node = text(request, "node");
        network.isolate(node);
        return "isolated " + node;
      }
      case "cut" -> {
        String from = text(request, "from");
        String to = text(request, "to");
        network.cutOneWay(from, to);
        return "cut " + from + " → " + to + " (one way)";
      }
      case "delay" -> {
        Set<String> nodes = nodes(network, request);
        long latency = request.path("latencyMicros").asLong(0);
        long jitter = request.path("jitterMicros").asLong(0);
        network.delay(nodes, latency, jitter);
        return "delayed links of "
            + nodes
            + " by "
            + Units.formatMicros(latency)
            + " ± "
            + Units.formatMicros(jitter);
      }
      case "loss" -> {
        Set<String> nodes = nodes(network, request);
        double p = request.path("probability").asDouble(-1);
        if (p < 0 || p > 1) {
          throw new IllegalArgumentException("loss needs a probability in [0, 1]");
        }
        network.loss(nodes, p);
        return "links of " + nodes + " drop connections with probability " + p;
      }
      case "stall" -> {
        Set<String> nodes = nodes(network, request);
        network.stall(nodes);
        return "stalled links of " + nodes;
      }
      case "bandwidth" -> {
        Set<String> nodes = nodes(network, request);
        long bps = request.path("bytesPerSecond").asLong(0);
        if (bps <= 0) {
          throw new IllegalArgumentException("bandwidth needs bytesPerSecond > 0");
        }
        network.bandwidth(nodes, bps);
        return "limited links of " + nodes + " to " + bps + " bytes/s";
      }
      case "skew" -> {
        String node = text(request, "node");
        long offset = request.path("offsetMicros").asLong(0);
        network.skew(node, offset);
        return "set " + node + "'s clock offset to " + Units.formatMicros(offset);
      }
      case "heal" -> {
        network.heal();
        return "healed: every link restored, paused nodes resumed";
      }
      default ->
          throw new IllegalArgumentException(
              "unknown fault '"
                  + action
                  + "'; one of kill, stop, start, restart, pause, resume, partition, isolate, cut,"
                  + " delay, loss, stall, bandwidth, skew, heal");
    }
  }

  private static String text(JsonNode request, String field) {
    JsonNode v = request.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("the fault request needs '" + field + "'");
    }
    return v.asText();
  }

  private static List<Set<String>> groups(JsonNode request) {
    JsonNode groups = request.get("groups");
    if (groups == null || !groups.isArray() || groups.size() < 2) {
      throw new IllegalArgumentException("a partition needs at least two groups of nodes");
    }
    List<Set<String>> out = new ArrayList<>();
    for (JsonNode g : groups) {
      Set<String> group = new LinkedHashSet<>();
      g.forEach(n -> group.add(n.asText()));
      out.add(group);
    }
    return out;
  }

  /** The nodes a link fault applies to: those named, or every node. */
  private static Set<String> nodes(ProcessNetwork network, JsonNode request) {
    JsonNode nodes = request.get("nodes");
    if (nodes == null || nodes.isEmpty()) {
      return new LinkedHashSet<>(network.names());
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode n : nodes) {
      network.process(n.asText());
      out.add(n.asText());
    }
    return out;
  }
}
