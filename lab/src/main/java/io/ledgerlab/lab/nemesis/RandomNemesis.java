package io.ledgerlab.lab.nemesis;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.runtime.entropy.Entropy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws a fault schedule from a seed: one fault at a time, on targets named by intent (one node, a
 * minority, a random split, two sides and a bridge), with gaps between them so the chain can make
 * progress. It yields the same {@link FaultStep}s a timed schedule does.
 *
 * <p>Timing, kinds and targets each draw from their own fork of the seed, over the profile's whole
 * list of kinds; a kind the engine cannot do leaves its slot empty. So the same seed, profile and
 * nodes give the same steps on every engine, but for the ones an engine skips.
 *
 * <p>Around an interval {@code i}: the first fault starts within {@code [i/5, i/2)}, each lasts
 * {@code [i/10, 1.6·i)} and the next starts {@code [i/10, 0.9·i)} after the last one ended.
 */
public final class RandomNemesis {
  private RandomNemesis() {}

  /**
   * @param kinds the profile's kinds, in a fixed order
   * @param supported what the engine can do: the others are drawn and skipped
   */
  public static List<FaultStep> draw(
      List<FaultKind> kinds,
      Set<FaultKind> supported,
      List<String> nodes,
      long durationMicros,
      long intervalMicros,
      Entropy random) {
    List<FaultStep> steps = new ArrayList<>();
    if (kinds.isEmpty() || nodes.isEmpty()) {
      return steps;
    }
    Entropy time = random.fork("time");
    Entropy kindOf = random.fork("kind");
    Entropy target = random.fork("target");
    long t = intervalMicros / 5 + below(time, intervalMicros * 3 / 10);
    while (t < durationMicros) {
      FaultKind kind = kinds.get(kindOf.nextInt(kinds.size()));
      long length = intervalMicros / 10 + below(time, intervalMicros * 3 / 2);
      length = Math.min(length, durationMicros - t);
      // Each draw takes its own fork, so skipping one reshuffles nothing after it.
      Fault fault = fault(kind, nodes, target.fork(Long.toString(t)));
      if (fault != null && supported.contains(kind)) {
        steps.add(new FaultStep(t, Math.max(1, length), fault, "nemesis"));
      }
      t += length + intervalMicros / 10 + below(time, intervalMicros * 8 / 10);
    }
    return steps;
  }

  private static Fault fault(FaultKind kind, List<String> nodes, Entropy random) {
    List<String> shuffled = shuffled(nodes, random);
    return switch (kind) {
      case KILL, CRASH, STOP, RESTART, PAUSE -> new Fault.OnNode(kind, shuffled.get(0));
      case ISOLATE -> new Fault.Isolate(shuffled.get(0));
      // Which version to swap in is the scenario's choice, never the dice's.
      case UPGRADE -> null;
      case PARTITION -> {
        if (nodes.size() < 2) {
          yield null;
        }
        int split = 1 + random.nextInt(nodes.size() - 1);
        yield new Fault.Partition(
            List.of(set(shuffled.subList(0, split)), set(shuffled.subList(split, nodes.size()))));
      }
      case CUT -> {
        if (nodes.size() < 2) {
          yield null;
        }
        int cut = 1 + random.nextInt(Math.max(1, nodes.size() / 2));
        yield new Fault.Cut(
            set(shuffled.subList(0, cut)), set(shuffled.subList(cut, nodes.size())));
      }
      case BRIDGE -> {
        if (nodes.size() < 3) {
          yield null;
        }
        // One node sees both sides; the rest split in two.
        List<String> sides = shuffled.subList(1, nodes.size());
        int split = 1 + random.nextInt(sides.size() - 1);
        yield new Fault.Bridge(
            set(sides.subList(0, split)), set(sides.subList(split, sides.size())));
      }
      case DELAY ->
          new Fault.Degrade(
              kind,
              set(minority(shuffled, random)),
              new LinkState(
                  false, false, 10_000L + below(random, 490_000), below(random, 100_000), 0, 0));
      case LOSS ->
          new Fault.Degrade(
              kind,
              set(minority(shuffled, random)),
              new LinkState(false, false, 0, 0, (10 + random.nextInt(60)) / 100.0, 0));
      case STALL ->
          new Fault.Degrade(
              kind, set(minority(shuffled, random)), new LinkState(false, true, 0, 0, 0, 0));
      case BANDWIDTH ->
          new Fault.Degrade(
              kind,
              set(minority(shuffled, random)),
              new LinkState(false, false, 0, 0, 0, 16_384L << random.nextInt(6)));
      case SKEW -> {
        long offset = (random.nextInt(2) == 0 ? -1 : 1) * (100_000L + random.nextInt(5_000_000));
        yield new Fault.Skew(shuffled.get(0), offset);
      }
    };
  }

  /** At most a third of the nodes, at least one: faults a correct BFT chain must survive. */
  private static List<String> minority(List<String> shuffled, Entropy random) {
    int max = Math.max(1, (shuffled.size() - 1) / 3);
    return shuffled.subList(0, 1 + random.nextInt(max));
  }

  private static long below(Entropy random, long bound) {
    return bound <= 0 ? 0 : Math.floorMod(random.nextLong(), bound);
  }

  private static List<String> shuffled(List<String> nodes, Entropy random) {
    List<String> out = new ArrayList<>(nodes);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String tmp = out.get(i);
      out.set(i, out.get(j));
      out.set(j, tmp);
    }
    return out;
  }

  private static Set<String> set(List<String> nodes) {
    return new TreeSet<>(nodes);
  }
}
