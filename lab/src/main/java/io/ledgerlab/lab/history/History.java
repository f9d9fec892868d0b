package io.ledgerlab.lab.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only record of what clients asked and what they learned: each operation is invoked,
 * then completes as ok (committed), fail (definitely not applied: rejected at admission) or stays
 * unknown — a timeout or a crashed node is not a failure. Pairing is checked as the history grows.
 */
public final class History {
  /** The kinds of entries, as in Jepsen. */
  public enum Type {
    INVOKE,
    OK,
    FAIL,
    INFO
  }

  /** One entry. {@code detail} says where it committed, or why it failed. */
  public record Entry(
      long index, long timeMicros, String client, Type type, String tx, String detail) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Type> open = new LinkedHashMap<>();
  private final int entriesMax;

  public History(int entriesMax) {
    this.entriesMax = entriesMax;
  }

  public void invoke(long timeMicros, String client, String tx) {
    if (open.containsKey(tx)) {
      throw new IllegalStateException("operation " + abbreviate(tx) + " invoked twice");
    }
    open.put(tx, Type.INVOKE);
    append(timeMicros, client, Type.INVOKE, tx, "");
  }

  /** Completes an open operation; completing one that is not open is a bug in the caller. */
  public void complete(long timeMicros, String client, Type type, String tx, String detail) {
    if (type == Type.INVOKE) {
      throw new IllegalArgumentException("complete needs ok, fail or info");
    }
    if (open.remove(tx) == null) {
      throw new IllegalStateException(
          "operation " + abbreviate(tx) + " completed without an open invoke");
    }
    append(timeMicros, client, type, tx, detail);
  }

  public boolean isOpen(String tx) {
    return open.containsKey(tx);
  }

  /** Marks every operation still open as unknown: the run ended without learning its fate. */
  public void closeOpen(long timeMicros) {
    for (String tx : new ArrayList<>(open.keySet())) {
      complete(timeMicros, "lab", Type.INFO, tx, "outcome unknown at the end of the run");
    }
  }

  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  /** The operations still open: invoked, with no outcome yet. */
  public int openCount() {
    return open.size();
  }

  public long count(Type type) {
    return entries.stream().filter(e -> e.type() == type).count();
  }

  private static String abbreviate(String id) {
    return id.length() <= 12 ? id : id.substring(0, 12);
  }

  private void append(long timeMicros, String client, Type type, String tx, String detail) {
    if (entries.size() >= entriesMax) {
      // A check over a truncated history could pass when it should fail: refuse instead.
      throw new IllegalStateException(
          "history is full at " + entriesMax + " entries; shorten the run or lower the rate");
    }
    entries.add(new Entry(entries.size(), timeMicros, client, type, tx, detail));
  }
}
