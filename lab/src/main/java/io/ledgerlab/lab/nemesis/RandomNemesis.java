package io.ledgerlab.lab.nemesis;

import io.ledgerlab.runtime.entropy.Entropy;
import io.ledgerlab.runtime.net.NodeId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws a fault schedule from a seed: one fault at a time, each on targets named by intent (one
 * node, a minority, a majority split), with gaps between them so the chain can make progress.
 */
public final class RandomNemesis {
  private RandomNemesis() {}

  public static List<Fault> draw(
      FaultProfile profile, List<NodeId> nodes, long durationMicros, Entropy random) {
    List<Fault> faults = new ArrayList<>();
    if (profile == FaultProfile.NONE) {
      return faults;
    }
    List<Fault.Kind> kinds = new ArrayList<>();
    if (profile.partitions()) {
      kinds.addAll(List.of(Fault.Kind.PARTITION, Fault.Kind.ONE_WAY, Fault.Kind.LOSS));
    }
    if (profile.crashes()) {
      kinds.addAll(List.of(Fault.Kind.CRASH, Fault.Kind.PAUSE));
    }
    if (profile.clockSkew()) {
      kinds.add(Fault.Kind.CLOCK_SKEW);
    }
    long t = 2_000_000 + random.nextInt(3_000_000);
    while (t < durationMicros) {
      Fault.Kind kind = kinds.get(random.nextInt(kinds.size()));
      long length = 1_000_000 + random.nextInt(15_000_000);
      length = Math.min(length, durationMicros - t);
      faults.add(fault(kind, t, length, nodes, random));
      t += length + 1_000_000 + random.nextInt(8_000_000);
    }
    return faults;
  }

  private static Fault fault(
      Fault.Kind kind, long start, long length, List<NodeId> nodes, Entropy random) {
    List<NodeId> shuffled = shuffled(nodes, random);
    switch (kind) {
      case PARTITION:
        int split = 1 + random.nextInt(nodes.size() - 1);
        return new Fault(
            kind,
            start,
            length,
            List.of(set(shuffled.subList(0, split)), set(shuffled.subList(split, shuffled.size()))),
            0);
      case ONE_WAY:
        int cut = 1 + random.nextInt(Math.max(1, nodes.size() / 2));
        return new Fault(
            kind,
            start,
            length,
            List.of(set(shuffled.subList(0, cut)), set(shuffled.subList(cut, shuffled.size()))),
            0);
      case LOSS:
        return new Fault(
            kind, start, length, List.of(set(minority(shuffled, random))), 10 + random.nextInt(60));
      case CLOCK_SKEW:
        long offset = (random.nextInt(2) == 0 ? -1 : 1) * (100_000L + random.nextInt(5_000_000));
        return new Fault(kind, start, length, List.of(set(minority(shuffled, random))), offset);
      default:
        return new Fault(kind, start, length, List.of(set(minority(shuffled, random))), 0);
    }
  }

  /** At most a third of the nodes, at least one: faults a correct BFT chain must survive. */
  private static List<NodeId> minority(List<NodeId> shuffled, Entropy random) {
    int max = Math.max(1, (shuffled.size() - 1) / 3);
    return shuffled.subList(0, 1 + random.nextInt(max));
  }

  private static List<NodeId> shuffled(List<NodeId> nodes, Entropy random) {
    List<NodeId> out = new ArrayList<>(nodes);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      NodeId tmp = out.get(i);
      out.set(i, out.get(j));
      out.set(j, tmp);
    }
    return out;
  }

  private static Set<NodeId> set(List<NodeId> nodes) {
    return new java.util.TreeSet<>(new HashSet<>(nodes));
  }
}
