package io.ledgerlab.runtime.log;

import io.ledgerlab.runtime.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Keeps events in memory, stamped by a node's clock, up to a bound; the simulated world gives each
 * node one and merges them into one timeline.
 */
public final class MemoryEventLog implements EventLog {
  private final String node;
  private final Clock clock;
  private final List<LogRecord> records;
  private final int recordsMax;
  private final EventLog.Level threshold;
  private long dropped;

  public MemoryEventLog(
      String node, Clock clock, List<LogRecord> sink, int recordsMax, EventLog.Level threshold) {
    this.node = node;
    this.clock = clock;
    this.records = sink;
    this.recordsMax = recordsMax;
    this.threshold = threshold;
  }

  public MemoryEventLog(String node, Clock clock) {
    this(node, clock, new ArrayList<>(), 1_000_000, Level.DEBUG);
  }

  @Override
  public void event(Level level, String name, Map<String, ?> fields) {
    if (level.compareTo(threshold) < 0) {
      return;
    }
    if (records.size() >= recordsMax) {
      dropped++;
      return;
    }
    records.add(LogRecord.of(clock.nowMicros(), node, level, name, fields));
  }

  public List<LogRecord> records() {
    return Collections.unmodifiableList(records);
  }

  public long dropped() {
    return dropped;
  }
}
