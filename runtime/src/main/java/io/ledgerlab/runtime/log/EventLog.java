package io.ledgerlab.runtime.log;

import java.util.Map;

/**
 * Structured events from a node: a stable dotted name such as {@code block.committed} and fields.
 * The event names and fields are a public interface (see docs/events.md): tests and the lab assert
 * on them. The world stamps each event with the node and its clock.
 */
public interface EventLog {
  /** Severity, lowest first. */
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  void event(Level level, String name, Map<String, ?> fields);

  default void info(String name, Map<String, ?> fields) {
    event(Level.INFO, name, fields);
  }

  default void warn(String name, Map<String, ?> fields) {
    event(Level.WARN, name, fields);
  }

  default void debug(String name, Map<String, ?> fields) {
    event(Level.DEBUG, name, fields);
  }

  /** A log that drops everything. */
  EventLog NONE = (level, name, fields) -> {};
}
