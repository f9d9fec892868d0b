package io.ledgerlab.lab.nemesis;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One fault: what breaks, on which nodes, how hard. It says nothing of when; a {@link FaultStep}
 * adds that. Link faults describe the links they break for a given set of nodes, so every engine
 * breaks exactly the same links.
 */
public sealed interface Fault {
  FaultKind kind();

  /** The nodes it names, for the fault table: "n3", "n0,n1 | n2,n3", "n0→n1". */
  String target();

  /** Every node this fault names, to check against the network. */
  Set<String> named();

  /** A fault that takes a node down, freezes it or bounces it. */
  record OnNode(FaultKind kind, String node) implements Fault {
    public OnNode {
      Objects.requireNonNull(node, "node");
      if (!kind.onNode()) {
        throw new IllegalArgumentException(kind.key() + " is not a node fault");
      }
    }

    @Override
    public String target() {
      return node;
    }

    @Override
    public Set<String> named() {
      return Set.of(node);
    }
  }

  /**
   * A rolling upgrade's step on one node: stop it, swap its software for {@code version}, start.
   */
  record Upgrade(String node, String version) implements Fault {
    public Upgrade {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(version, "version");
    }

    @Override
    public FaultKind kind() {
      return FaultKind.UPGRADE;
    }

    @Override
    public String target() {
      return node + " → " + version;
    }

    @Override
    public Set<String> named() {
      return Set.of(node);
    }
  }

  /** A clock offset of {@code offsetMicros} on one node. */
  record Skew(String node, long offsetMicros) implements Fault {
    @Override
    public FaultKind kind() {
      return FaultKind.SKEW;
    }

    @Override
    public String target() {
      return node + String.format(Locale.ROOT, " %+.3fs", offsetMicros / 1e6);
    }

    @Override
    public Set<String> named() {
      return Set.of(node);
    }
  }

  /** A fault on links: the state it gives each link it breaks, for a network of {@code nodes}. */
  sealed interface OnLinks extends Fault {
    Map<Link, LinkState> links(List<String> nodes);
  }

  /** Groups that cannot reach each other; nodes named in no group form one more group. */
  record Partition(List<Set<String>> groups) implements OnLinks {
    public Partition {
      groups = groups.stream().map(Fault::sorted).toList();
      Set<String> seen = new LinkedHashSet<>();
      for (Set<String> g : groups) {
        if (g.isEmpty()) {
          throw new IllegalArgumentException("a partition group is empty");
        }
        for (String n : g) {
          if (!seen.add(n)) {
            throw new IllegalArgumentException(n + " is in two partition groups");
          }
        }
      }
    }

    @Override
    public FaultKind kind() {
      return FaultKind.PARTITION;
    }

    @Override
    public String target() {
      List<String> parts = new ArrayList<>();
      groups.forEach(g -> parts.add(String.join(",", g)));
      return String.join(" | ", parts);
    }

    @Override
    public Set<String> named() {
      Set<String> all = new LinkedHashSet<>();
      groups.forEach(all::addAll);
      return all;
    }

    @Override
    public Map<Link, LinkState> links(List<String> nodes) {
      Map<String, Integer> groupOf = new HashMap<>();
      for (int i = 0; i < groups.size(); i++) {
        for (String n : groups.get(i)) {
          groupOf.put(n, i);
        }
      }
      return blocked(
          nodes, (a, b) -> !groupOf.getOrDefault(a, -1).equals(groupOf.getOrDefault(b, -1)));
    }
  }

  /** One node cut off from every other, both ways. */
  record Isolate(String node) implements OnLinks {
    @Override
    public FaultKind kind() {
      return FaultKind.ISOLATE;
    }

    @Override
    public String target() {
      return node;
    }

    @Override
    public Set<String> named() {
      return Set.of(node);
    }

    @Override
    public Map<Link, LinkState> links(List<String> nodes) {
      return blocked(nodes, (a, b) -> a.equals(node) || b.equals(node));
    }
  }

  /** What {@code from} sends to {@code to} is lost; the way back still works. */
  record Cut(Set<String> from, Set<String> to) implements OnLinks {
    public Cut {
      from = sorted(from);
      to = sorted(to);
    }

    @Override
    public FaultKind kind() {
      return FaultKind.CUT;
    }

    @Override
    public String target() {
      return String.join(",", from) + "→" + String.join(",", to);
    }

    @Override
    public Set<String> named() {
      return union(from, to);
    }

    @Override
    public Map<Link, LinkState> links(List<String> nodes) {
      return blocked(nodes, (a, b) -> from.contains(a) && to.contains(b));
    }
  }

  /**
   * Two sides that cannot reach each other, both ways; every node in neither side keeps all its
   * links and so sees both sides (the bridge).
   */
  record Bridge(Set<String> left, Set<String> right) implements OnLinks {
    public Bridge {
      left = sorted(left);
      right = sorted(right);
      for (String n : left) {
        if (right.contains(n)) {
          throw new IllegalArgumentException(n + " is on both sides of the bridge");
        }
      }
    }

    @Override
    public FaultKind kind() {
      return FaultKind.BRIDGE;
    }

    @Override
    public String target() {
      return String.join(",", left) + " | " + String.join(",", right);
    }

    @Override
    public Set<String> named() {
      return union(left, right);
    }

    /** The nodes that see both sides. */
    public List<String> bridges(List<String> nodes) {
      return nodes.stream().filter(n -> !left.contains(n) && !right.contains(n)).toList();
    }

    @Override
    public Map<Link, LinkState> links(List<String> nodes) {
      return blocked(
          nodes,
          (a, b) ->
              (left.contains(a) && right.contains(b)) || (right.contains(a) && left.contains(b)));
    }
  }

  /**
   * A fault on every link with an end in {@code nodes}, both directions; an empty set means every
   * node.
   */
  record Degrade(FaultKind kind, Set<String> nodes, LinkState state) implements OnLinks {
    public Degrade {
      nodes = sorted(nodes);
      if (kind != FaultKind.DELAY
          && kind != FaultKind.LOSS
          && kind != FaultKind.STALL
          && kind != FaultKind.BANDWIDTH) {
        throw new IllegalArgumentException(kind.key() + " is not a link degradation");
      }
    }

    @Override
    public String target() {
      return (nodes.isEmpty() ? "all" : String.join(",", nodes)) + " (" + state.describe() + ")";
    }

    @Override
    public Set<String> named() {
      return nodes;
    }

    @Override
    public Map<Link, LinkState> links(List<String> all) {
      Map<Link, LinkState> out = new LinkedHashMap<>();
      for (String a : all) {
        for (String b : all) {
          if (!a.equals(b) && (nodes.isEmpty() || nodes.contains(a) || nodes.contains(b))) {
            out.put(new Link(a, b), state);
          }
        }
      }
      return out;
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  /** An unmodifiable copy in name order: iteration order must not vary between runs. */
  private static Set<String> sorted(Set<String> nodes) {
    return Collections.unmodifiableSet(new TreeSet<>(nodes));
  }

  private static Map<Link, LinkState> blocked(List<String> nodes, LinkRule rule) {
    Map<Link, LinkState> out = new LinkedHashMap<>();
    for (String a : nodes) {
      for (String b : nodes) {
        if (!a.equals(b) && rule.breaks(a, b)) {
          out.put(new Link(a, b), LinkState.blockedLink());
        }
      }
    }
    return out;
  }

  /** Whether the link from {@code a} to {@code b} breaks. */
  @FunctionalInterface
  interface LinkRule {
    boolean breaks(String a, String b);
  }
}
