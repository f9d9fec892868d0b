package io.ledgerlab.node;

import io.ledgerlab.node.metrics.NodeMetrics;
import io.ledgerlab.runtime.log.EventLog;
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
    if ("consensus.timeout".equals(name)) {
      metrics.timeout(String.valueOf(fields.get("step")));
    }
    log.event(level, name, fields);
  }
}
