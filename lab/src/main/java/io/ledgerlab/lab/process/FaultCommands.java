package io.ledgerlab.lab.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.Faults;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fault requests the supervisor accepts, as JSON: {@code {"action": "partition", "groups":
 * [["n0","n1"],["n2","n3"]]}}, {@code {"action": "kill", "node": "n0"}} and so on. Each becomes the
 * same {@link Fault} a scenario's schedule holds and goes through the same {@link Faults}, so
 * faults given by hand compose and heal exactly as in a run; {@code heal} undoes all of them.
 */
public final class FaultCommands {
  private FaultCommands() {}

  /** Applies {@code request}; a sentence saying what was done. */
  public static String apply(Faults faults, JsonNode request) {
    String action = text(request, "action");
    switch (action) {
      case "start" -> {
        String node = text(request, "node");
        faults.start(node);
        return "started " + node;
      }
      case "resume" -> {
        String node = text(request, "node");
        faults.resume(node);
        return "resumed " + node + " (SIGCONT)";
      }
      case "heal" -> {
        faults.healAll();
        return "healed: every fault undone (links restored, paused nodes resumed, stopped and"
            + " killed nodes started, clocks reset)";
      }
      default -> {
        Fault fault = fault(action, request, faults.nodes());
        faults.apply(fault);
        return done(fault, faults.nodes())
            + (fault.kind() == FaultKind.RESTART || fault.kind() == FaultKind.UPGRADE
                ? ""
                : "; in force until 'ledgerlab fault heal'");
      }
    }
  }

  private static Fault fault(String action, JsonNode request, List<String> all) {
    FaultKind kind =
        FaultKind.of(action)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown fault '"
                            + action
                            + "'; one of kill, stop, start, restart, pause, resume, partition,"
                            + " isolate, cut, bridge, delay, loss, stall, bandwidth, skew, upgrade, heal"));
    return switch (kind) {
      case KILL, CRASH, STOP, RESTART, PAUSE -> new Fault.OnNode(kind, text(request, "node"));
      case ISOLATE -> new Fault.Isolate(text(request, "node"));
      case UPGRADE -> new Fault.Upgrade(text(request, "node"), text(request, "to"));
      case CUT -> new Fault.Cut(Set.of(text(request, "from")), Set.of(text(request, "to")));
      case PARTITION -> new Fault.Partition(groups(request));
      case BRIDGE -> {
        List<Set<String>> sides = groups(request);
        if (sides.size() != 2) {
          throw new IllegalArgumentException(
              "a bridge needs two sides; nodes in neither bridge them");
        }
        yield new Fault.Bridge(sides.get(0), sides.get(1));
      }
      case DELAY ->
          new Fault.Degrade(
              kind,
              nodes(request),
              new LinkState(
                  false,
                  false,
                  request.path("latencyMicros").asLong(0),
                  request.path("jitterMicros").asLong(0),
                  0,
                  0));
      case LOSS -> {
        double p = request.path("probability").asDouble(-1);
        if (p <= 0 || p > 1) {
          throw new IllegalArgumentException("loss needs a probability in (0, 1]");
        }
        yield new Fault.Degrade(kind, nodes(request), new LinkState(false, false, 0, 0, p, 0));
      }
      case STALL -> new Fault.Degrade(kind, nodes(request), new LinkState(false, true, 0, 0, 0, 0));
      case BANDWIDTH -> {
        long bps = request.path("bytesPerSecond").asLong(0);
        if (bps <= 0) {
          throw new IllegalArgumentException("bandwidth needs bytesPerSecond > 0");
        }
        yield new Fault.Degrade(kind, nodes(request), new LinkState(false, false, 0, 0, 0, bps));
      }
      case SKEW -> new Fault.Skew(text(request, "node"), request.path("offsetMicros").asLong(0));
    };
  }

  /** What was done, in a sentence: "killed n3 (SIGKILL)", "partitioned into n0,n1 | n2,n3". */
  private static String done(Fault fault, List<String> nodes) {
    String t = fault.target();
    return switch (fault.kind()) {
      case KILL -> "killed " + t + " (SIGKILL)";
      case CRASH -> "crashed " + t + " (power loss)";
      case STOP -> "stopped " + t + " (SIGTERM)";
      case RESTART -> "restarted " + t;
      case UPGRADE -> "upgraded " + t + " (stopped, software swapped, started)";
      case PAUSE -> "paused " + t + " (SIGSTOP)";
      case PARTITION -> "partitioned into " + t;
      case ISOLATE -> "isolated " + t;
      case CUT -> "cut " + t + " (one way)";
      case BRIDGE ->
          "bridged: " + t + " cut apart, " + ((Fault.Bridge) fault).bridges(nodes) + " see both";
      case DELAY, LOSS, STALL, BANDWIDTH -> "links of " + t;
      case SKEW -> {
        Fault.Skew s = (Fault.Skew) fault;
        yield "set " + s.node() + "'s clock offset to " + Units.formatMicros(s.offsetMicros());
      }
    };
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
      throw new IllegalArgumentException(
          "a partition or a bridge needs at least two groups of nodes");
    }
    List<Set<String>> out = new ArrayList<>();
    for (JsonNode g : groups) {
      Set<String> group = new TreeSet<>();
      g.forEach(n -> group.add(n.asText()));
      out.add(group);
    }
    return out;
  }

  /** The nodes a link fault applies to: those named, or every node (an empty set). */
  private static Set<String> nodes(JsonNode request) {
    Set<String> out = new TreeSet<>();
    JsonNode nodes = request.get("nodes");
    if (nodes != null) {
      nodes.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
