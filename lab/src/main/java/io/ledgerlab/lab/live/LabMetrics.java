package io.ledgerlab.lab.live;

import io.ledgerlab.lab.engine.FaultKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /metrics}: the lab's own view in the Prometheus text format, {@code ledgerlab_lab_*},
 * for the Prometheus the lab starts (job {@code lab}). The nodes' own metrics are on each node;
 * these are what only the lab knows — what the clients measured, the faults it put in force, and
 * how many nodes answer.
 */
final class LabMetrics {
  private LabMetrics() {}

  static String write(Snapshot s) {
    StringBuilder out = new StringBuilder();
    header(out, "ledgerlab_lab_nodes", "gauge", "Nodes in the network.");
    sample(out, "ledgerlab_lab_nodes", Map.of(), s.nodes().size());
    header(
        out,
        "ledgerlab_lab_nodes_up",
        "gauge",
        "Nodes that answered node_status at the last refresh.");
    sample(out, "ledgerlab_lab_nodes_up", Map.of(), s.nodesUp());
    header(out, "ledgerlab_lab_node_height", "gauge", "Each node's height as it said it.");
    for (NodeRow r : s.nodes()) {
      if (r.answered()) {
        sample(out, "ledgerlab_lab_node_height", Map.of("node", r.name()), r.height());
      }
    }
    header(out, "ledgerlab_lab_height", "gauge", "The highest height any node said.");
    sample(out, "ledgerlab_lab_height", Map.of(), s.chain().height());
    if (s.chain().blockTimeMillis() != null) {
      header(
          out,
          "ledgerlab_lab_block_time_seconds",
          "gauge",
          "The interval between the two newest blocks, from their headers.");
      sample(out, "ledgerlab_lab_block_time_seconds", Map.of(), s.chain().blockTimeMillis() / 1e3);
    }
    faults(out, s);
    participation(out, s);
    s.load().ifPresent(l -> load(out, l));
    return out.toString();
  }

  /** Every kind, zero when not in force, so that a rule sees a series end rather than vanish. */
  private static void faults(StringBuilder out, Snapshot s) {
    Map<String, Integer> byKind = new LinkedHashMap<>();
    for (FaultKind k : FaultKind.values()) {
      byKind.put(k.key(), 0);
    }
    s.faults().forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
    header(out, "ledgerlab_lab_faults_in_force", "gauge", "Faults in force, by kind.");
    byKind.forEach((k, n) -> sample(out, "ledgerlab_lab_faults_in_force", Map.of("kind", k), n));
  }

  private static void participation(StringBuilder out, Snapshot s) {
    if (s.participation().validators().isEmpty()) {
      return;
    }
    header(
        out,
        "ledgerlab_lab_validator_missed_ratio",
        "gauge",
        "Per validator, the share of recent certificates without its precommit.");
    for (Participation.Validator v : s.participation().validators()) {
      sample(
          out,
          "ledgerlab_lab_validator_missed_ratio",
          Map.of("validator", v.name()),
          v.missedRatio());
    }
  }

  private static void load(StringBuilder out, LoadView l) {
    counter(
        out,
        "ledgerlab_lab_transactions_submitted_total",
        "Transactions the workload sent.",
        l.submitted());
    counter(
        out,
        "ledgerlab_lab_transactions_accepted_total",
        "Transactions a node accepted.",
        l.accepted());
    counter(
        out,
        "ledgerlab_lab_transactions_rejected_total",
        "Transactions a node rejected.",
        l.rejected());
    counter(
        out,
        "ledgerlab_lab_transactions_committed_total",
        "Transactions the workload saw committed.",
        l.committed());
    header(
        out,
        "ledgerlab_lab_committed_transactions_per_second",
        "gauge",
        "Transactions committed per second over the last few seconds.");
    sample(
        out, "ledgerlab_lab_committed_transactions_per_second", Map.of(), l.committedPerSecond());
    String name = "ledgerlab_lab_commit_latency_seconds";
    header(
        out,
        name,
        "summary",
        "Commit latency from each transaction's intended send time, since the load started.");
    quantile(out, name, "0.5", l.p50Millis());
    quantile(out, name, "0.9", l.p90Millis());
    quantile(out, name, "0.99", l.p99Millis());
    sample(out, name + "_sum", Map.of(), l.commitSumSeconds());
    sample(out, name + "_count", Map.of(), l.committed());
  }

  private static void quantile(StringBuilder out, String name, String q, double millis) {
    if (!Double.isNaN(millis)) {
      sample(out, name, Map.of("quantile", q), millis / 1e3);
    }
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    header(out, name, "counter", help);
    sample(out, name, Map.of(), value);
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, Map<String, String> labels, double v) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, String> l : labels.entrySet()) {
        out.append(first ? "" : ",")
            .append(l.getKey())
            .append("=\"")
            .append(escape(l.getValue()))
            .append('"');
        first = false;
      }
      out.append('}');
    }
    out.append(' ').append(format(v)).append('\n');
  }

  private static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }

  /** A label value as the text format wants it: backslash, quote and newline escaped. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
