package io.ledgerlab.lab.nemesis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults over a run, each window from the moment it took effect to the moment its own undo ran,
 * as the report draws them. Thread-safe.
 */
public final class FaultWindows {
  /** A fault in force from {@code startSeconds} to {@code endSeconds}; end null while it lasts. */
  public record Window(String fault, String target, double startSeconds, Double endSeconds) {}

  private final Map<Long, Window> open = new LinkedHashMap<>();
  private final List<Window> closed = new ArrayList<>();
  private long ids;

  /** Opens a window; the id closes it. */
  public synchronized long open(String fault, String target, double atSeconds) {
    long id = ++ids;
    open.put(id, new Window(fault, target, atSeconds, null));
    return id;
  }

  public synchronized void close(long id, double atSeconds) {
    Window w = open.remove(id);
    if (w != null) {
      closed.add(new Window(w.fault(), w.target(), w.startSeconds(), atSeconds));
    }
  }

  /** What is in force now, for the console: "kill n3; partition n0,n1 | n2,n3", or "none". */
  public synchronized String inForce() {
    if (open.isEmpty()) {
      return "none";
    }
    List<String> names = new ArrayList<>();
    open.values().forEach(w -> names.add(w.fault() + " " + w.target()));
    return String.join("; ", names);
  }

  /** Every window, by start time; those still open have no end. */
  public synchronized List<Window> all() {
    List<Window> out = new ArrayList<>(closed);
    out.addAll(open.values());
    out.sort(Comparator.comparingDouble(Window::startSeconds));
    return out;
  }
}
