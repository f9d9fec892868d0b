package io.ledgerlab.runtime.log;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** One structured event as recorded: when (microseconds, UTC), where, how severe, what. */
public record LogRecord(
    long tsMicros, String node, EventLog.Level level, String event, Map<String, Object> fields) {
  public LogRecord {
    fields = Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  /** Builds a record from the loosely typed fields an {@link EventLog} receives. */
  public static LogRecord of(
      long tsMicros, String node, EventLog.Level level, String event, Map<String, ?> fields) {
    return new LogRecord(tsMicros, node, level, event, new TreeMap<String, Object>(fields));
  }

  /** A numeric field as a long, or {@code fallback} when absent. */
  public long number(String field, long fallback) {
    Object v = fields.get(field);
    return v instanceof Number n ? n.longValue() : fallback;
  }
}
