package io.ledgerlab.lab.sim;

import io.ledgerlab.observe.log.LogLine;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.log.LogRecord;
import io.ledgerlab.runtime.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** A node's log that also keeps its last lines, to show when the node dies. */
final class TailLog implements EventLog {
  private static final int LINES_KEPT = 20;

  private final EventLog log;
  private final String node;
  private final Clock clock;
  private final Level minLevel;
  private final Deque<String> tail = new ArrayDeque<>();

  TailLog(EventLog log, String node, Clock clock, Level minLevel) {
    this.log = log;
    this.node = node;
    this.clock = clock;
    this.minLevel = minLevel;
  }

  @Override
  public void event(Level level, String name, Map<String, ?> fields) {
    log.event(level, name, fields);
    if (level.compareTo(minLevel) >= 0) {
      if (tail.size() == LINES_KEPT) {
        tail.removeFirst();
      }
      tail.addLast(LogLine.encode(LogRecord.of(clock.nowMicros(), node, level, name, fields)));
    }
  }

  List<String> tail() {
    return new ArrayList<>(tail);
  }
}
