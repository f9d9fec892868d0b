package io.ledgerlab.junit.campaign;

import io.ledgerlab.junit.FaultHandle;
import io.ledgerlab.junit.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The campaign's own fault handler: kills, restarts, isolations and heals, never more than f
 * validators out of 3f+1 at once, so every call can still commit and only the application's bugs
 * (or the chain's) show. It is a step like any other, shrunk away when the failure does not need
 * it.
 */
final class FaultState {
  static final String HANDLER = "fault";

  private final Network net;
  private final int tolerated;
  private final Map<String, FaultHandle> out = new LinkedHashMap<>();

  FaultState(Network net) {
    this.net = net;
    // Observers vote on nothing: the bound is the validators'.
    this.tolerated = (net.validators().size() - 1) / 3;
  }

  /** Puts one fault into effect or takes one away; returns what it did. */
  String step(Random random) {
    List<String> in = healthy();
    boolean canBreak = out.size() < tolerated && !in.isEmpty();
    if (!out.isEmpty() && (!canBreak || random.nextBoolean())) {
      List<String> broken = new ArrayList<>(out.keySet());
      String node = broken.get(random.nextInt(broken.size()));
      out.remove(node).heal();
      catchUp(node);
      return "heal " + node;
    }
    if (!canBreak) {
      return "no fault (a network of " + net.validators().size() + " validators tolerates none)";
    }
    String node = in.get(random.nextInt(in.size()));
    if (random.nextBoolean()) {
      out.put(node, net.kill(node));
      return "kill " + node;
    }
    out.put(node, net.isolate(node));
    return "isolate " + node;
  }

  /**
   * Waits for a healed node to reach the others: a node still syncing would hand out a stale nonce,
   * and a call sent through it would never commit.
   */
  private void catchUp(String node) {
    long top = 0;
    for (String n : healthy()) {
      if (!n.equals(node)) {
        top = Math.max(top, net.height(n));
      }
    }
    net.awaitHeight(node, top);
  }

  /** Nodes neither killed nor cut off: where calls go. */
  List<String> healthy() {
    List<String> in = new ArrayList<>(net.nodes());
    in.removeAll(out.keySet());
    return in;
  }

  void healAll() {
    List<String> healed = new ArrayList<>(out.keySet());
    for (FaultHandle h : out.values()) {
      h.heal();
    }
    out.clear();
    healed.forEach(this::catchUp);
  }
}
