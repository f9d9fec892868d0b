package io.ledgerlab.lab.load;

import io.ledgerlab.lab.client.NodeClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The nodes a load talks to, with a short memory of which ones did not answer: a node that failed a
 * call is skipped for a second, so a crashed node slows nothing down for long.
 */
public final class Cluster {
  private static final long DOWN_NANOS = 1_000_000_000L;

  private final List<NodeClient> clients;
  private final AtomicLongArray downUntil;

  public Cluster(List<NodeClient> clients) {
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("a load needs at least one node");
    }
    this.clients = List.copyOf(clients);
    this.downUntil = new AtomicLongArray(clients.size());
  }

  public int size() {
    return clients.size();
  }

  public NodeClient client(int node) {
    return clients.get(node);
  }

  public List<NodeClient> clients() {
    return clients;
  }

  public void markDown(int node) {
    downUntil.set(node, System.nanoTime() + DOWN_NANOS);
  }

  public boolean isUp(int node) {
    return System.nanoTime() >= downUntil.get(node);
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
