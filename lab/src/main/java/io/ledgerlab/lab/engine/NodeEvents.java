package io.ledgerlab.lab.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An engine's node events so far and its listeners: a listener added late is told every event
 * before it, then each new one, in order, on whatever thread emits it.
 */
public final class NodeEvents {
  private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<NodeEvent> events = new ArrayList<>();

  public void emit(NodeEvent e) {
    synchronized (events) {
      events.add(e);
    }
    listeners.forEach(l -> l.accept(e));
  }

  /** Tells {@code listener} of every event so far, then of each new one. */
  public void subscribe(Consumer<NodeEvent> listener) {
    synchronized (events) {
      events.forEach(listener);
      listeners.add(listener);
    }
  }
}
