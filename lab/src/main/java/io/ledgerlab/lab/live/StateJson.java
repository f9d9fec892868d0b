package io.ledgerlab.lab.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** {@code GET /api/state}: a snapshot as JSON; docs/dashboard.md lists the fields. */
final class StateJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StateJson() {}

  static byte[] write(Snapshot s) throws IOException {
    return JSON.writeValueAsBytes(tree(s));
  }

  static ObjectNode tree(Snapshot s) {
    ObjectNode out = JSON.createObjectNode();
    out.put("network", s.network());
    out.put("updatedMicros", s.updatedMicros());
    out.put("sourceError", s.sourceError());
    out.put("nodesUp", s.nodesUp());
    ArrayNode nodes = out.putArray("nodes");
    for (NodeRow r : s.nodes()) {
      ObjectNode n =
          nodes
              .addObject()
              .put("name", r.name())
              .put("state", r.state())
              .put("answered", r.answered());
      if (r.answered()) {
        n.put("height", r.height())
            .put("round", r.round())
            .put("version", r.version())
            .put("role", r.role())
            .put("mempool", r.mempool())
            .put("healthy", r.healthy())
            .put("syncing", r.syncing());
        ArrayNode peers = n.putArray("peers");
        r.peers().forEach(peers::add);
      }
      n.put("error", r.error());
    }
    out.putObject("chain")
        .put("height", s.chain().height())
        .put("blockTimeMillis", s.chain().blockTimeMillis())
        .put("meanBlockTimeMillis", s.chain().meanBlockTimeMillis())
        .put("readFrom", s.chain().readFrom());
    if (s.load().isPresent()) {
      LoadView l = s.load().get();
      out.putObject("load")
          .put("submitted", l.submitted())
          .put("accepted", l.accepted())
          .put("rejected", l.rejected())
          .put("committed", l.committed())
          .put("committedPerSecond", l.committedPerSecond())
          .put("recentP50Millis", number(l.recentP50Millis()))
          .put("recentP99Millis", number(l.recentP99Millis()))
          .put("p50Millis", number(l.p50Millis()))
          .put("p90Millis", number(l.p90Millis()))
          .put("p99Millis", number(l.p99Millis()));
    } else {
      out.putNull("load");
    }
    ObjectNode p =
        out.putObject("participation")
            .put("source", s.participation().source())
            .put("cumulative", s.participation().cumulative());
    ArrayNode validators = p.putArray("validators");
    for (Participation.Validator v : s.participation().validators()) {
      validators
          .addObject()
          .put("name", v.name())
          .put("certificates", v.certificates())
          .put("signed", v.signed())
          .put("missed", v.missed())
          .put("missedRatio", v.missedRatio());
    }
    ArrayNode faults = out.putArray("faults");
    s.faults().forEach(f -> faults.addObject().put("kind", f.kind()).put("target", f.target()));
    ArrayNode history = out.putArray("history");
    for (Snapshot.Sample h : s.history()) {
      ObjectNode o =
          history
              .addObject()
              .put("atMillis", h.atMillis())
              .put("committedPerSecond", h.committedPerSecond())
              .put("latencyP50Millis", h.latencyP50Millis())
              .put("latencyP99Millis", h.latencyP99Millis())
              .put("blockTimeMillis", h.blockTimeMillis())
              .put("faults", h.faults());
      ObjectNode heights = o.putObject("heights");
      h.heights().forEach(heights::put);
    }
    return out;
  }

  /** JSON has no NaN: nothing measured is null. */
  private static Double number(double d) {
    return Double.isNaN(d) ? null : d;
  }
}
