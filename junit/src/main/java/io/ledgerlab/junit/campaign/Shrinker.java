package io.ledgerlab.junit.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Zeller's delta debugging (ddmin) over a failing sequence, then single-step removal until no step
 * can go: the result still fails and is 1-minimal, unless the run budget ran out first.
 */
final class Shrinker {
  private final Predicate<List<Step>> fails;
  private final int runsMax;
  private int runs;

  Shrinker(Predicate<List<Step>> fails, int runsMax) {
    this.fails = fails;
    this.runsMax = runsMax;
  }

  int runs() {
    return runs;
  }

  List<Step> shrink(List<Step> failing) {
    List<Step> current = ddmin(failing);
    boolean removed = true;
    while (removed && current.size() > 1 && runs < runsMax) {
      removed = false;
      for (int i = current.size() - 1; i >= 0 && runs < runsMax; i--) {
        List<Step> without = new ArrayList<>(current);
        without.remove(i);
        if (test(without)) {
          current = without;
          removed = true;
        }
      }
    }
    return current;
  }

  private List<Step> ddmin(List<Step> input) {
    List<Step> current = input;
    int chunks = 2;
    while (current.size() >= 2 && runs < runsMax) {
      List<List<Step>> parts = split(current, chunks);
      boolean reduced = false;
      for (List<Step> part : parts) {
        if (runs >= runsMax) {
          break;
        }
        if (test(part)) {
          current = part;
          chunks = 2;
          reduced = true;
          break;
        }
      }
      for (int i = 0; !reduced && i < parts.size() && chunks > 2 && runs < runsMax; i++) {
        List<Step> complement = complement(parts, i);
        if (test(complement)) {
          current = complement;
          chunks = Math.max(chunks - 1, 2);
          reduced = true;
        }
      }
      if (!reduced) {
        if (chunks >= current.size()) {
          break;
        }
        chunks = Math.min(chunks * 2, current.size());
      }
    }
    return current;
  }

  private boolean test(List<Step> candidate) {
    runs++;
    return fails.test(candidate);
  }

  private static List<List<Step>> split(List<Step> steps, int chunks) {
    List<List<Step>> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < chunks; i++) {
      int end = start + (steps.size() - start) / (chunks - i);
      out.add(List.copyOf(steps.subList(start, end)));
      start = end;
    }
    return out;
  }

  private static List<Step> complement(List<List<Step>> parts, int skip) {
    List<Step> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (i != skip) {
        out.addAll(parts.get(i));
      }
    }
    return out;
  }
}
