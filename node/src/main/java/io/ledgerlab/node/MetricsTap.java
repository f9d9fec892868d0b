package io.ledgerlab.node;

import io.ledgerlab.node.metrics.NodeMetrics;
import io.ledgerlab.runtime.log.EventLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Passes every event to the log and counts the ones metrics are made of. */
final class MetricsTap implements EventLog {
  private final EventLog log;
  private final NodeMetrics metrics;

  MetricsTap(EventLog log, NodeMetrics metrics) {
    this.log = log;
    this.metrics = metrics;
  }

  @Override
  public void event(Level level, String name, Map<String, ?> fields) {
    switch (name) {
      case "consensus.timeout" -> metrics.timeout(String.valueOf(fields.get("step")));
      case "observer.block" ->
          metrics.observed(
              number(fields.get("round")).intValue(),
              // The first block's interval (from the genesis) is unknown, logged as 0: no sample.
              number(fields.get("height")).longValue() > 1
                  ? number(fields.get("intervalMicros")).longValue() / 1e6
                  : -1,
              names(fields.get("missing")));
      case "observer.divergence" -> metrics.divergence();
      case "mempool.rescued" -> metrics.rescued(number(fields.get("count")).longValue());
      default -> {
        // Not a metric.
      }
    }
    log.event(level, name, fields);
  }

  private static Number number(Object value) {
    return value instanceof Number n ? n : 0;
  }

  private static List<String> names(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Collection<?> c) {
      c.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }
}
