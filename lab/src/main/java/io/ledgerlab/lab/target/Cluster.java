package io.ledgerlab.lab.target;

import io.ledgerlab.lab.engine.Timeline;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The nodes a load talks to, with a short memory of which ones did not answer: a node that failed a
 * call is skipped for a second of run time, so a crashed node slows nothing down for long.
 */
public final class Cluster {
  private static final long DOWN_MICROS = 1_000_000L;

  private final List<ChainClient> clients;
  private final Timeline timeline;
  private final AtomicLongArray downUntil;
  private final AtomicIntegerArray downs;

  public Cluster(List<ChainClient> clients, Timeline timeline) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("a load needs at least one node");
    }
    this.clients = List.copyOf(clients);
    this.timeline = timeline;
    this.downUntil = new AtomicLongArray(clients.size());
    this.downs = new AtomicIntegerArray(clients.size());
  }

  public int size() {
    return clients.size();
  }

  public ChainClient client(int node) {
    return clients.get(node);
  }

  public List<ChainClient> clients() {
    return clients;
  }

  public void markDown(int node) {
    downUntil.set(node, timeline.nowMicros() + DOWN_MICROS);
    downs.incrementAndGet(node);
  }

  /**
   * How many times {@code node} failed a call so far. A wallet that saw it change re-reads its
   * accounts' nonces there: a node that was down may have restarted and dropped its pool.
   */
  public int downs(int node) {
    return downs.get(node);
  }

  public boolean isUp(int node) {
    return timeline.nowMicros() >= downUntil.get(node);
  }

  /** {@code preferred} when it is up, else the next node that is; {@code preferred} if none is. */
  public int route(int preferred) {
    for (int i = 0; i < clients.size(); i++) {
      int n = (preferred + i) % clients.size();
      if (isUp(n)) {
        return n;
      }
    }
    return preferred;
  }
}
