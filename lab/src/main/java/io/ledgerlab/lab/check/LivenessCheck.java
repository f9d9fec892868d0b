package io.ledgerlab.lab.check;

import java.util.List;
import java.util.Map;

/**
 * Progress after healing: once every fault has healed at {@code healMicros} (and more than two
 * thirds of the power is honest and connected), every honest node commits a block above the highest
 * height any honest node had at the heal, within {@code boundMicros}.
 */
public final class LivenessCheck {
  public static final String NAME = "liveness";

  /** A commit observed on a node: when, and at which height. */
  public record Commit(long timeMicros, long height) {}

  private LivenessCheck() {}

  /** {@code honestNodes} names every honest node: one with no commit at all fails the check. */
  public static CheckResult check(
      java.util.Set<String> honestNodes,
      Map<String, List<Commit>> honestCommits,
      long healMicros,
      long boundMicros) {
    if (honestNodes.isEmpty()) {
      return new CheckResult(NAME, Validity.UNKNOWN, "no honest node to judge");
    }
    for (String node : honestNodes) {
      if (!honestCommits.containsKey(node)) {
        return CheckResult.invalid(NAME, node + " never committed a block");
      }
    }
    long target = 0;
    for (List<Commit> commits : honestCommits.values()) {
      for (Commit c : commits) {
        if (c.timeMicros() <= healMicros) {
          target = Math.max(target, c.height());
        }
      }
    }
    long worst = 0;
    for (Map.Entry<String, List<Commit>> e : honestCommits.entrySet()) {
      Long reached = null;
      for (Commit c : e.getValue()) {
        if (c.timeMicros() > healMicros && c.height() > target) {
          reached = c.timeMicros() - healMicros;
          break;
        }
      }
      if (reached == null || reached > boundMicros) {
        return CheckResult.invalid(
            NAME,
            e.getKey()
                + " did not commit above height "
                + target
                + " within "
                + boundMicros / 1e6
                + " s of the heal"
                + (reached == null ? "" : " (took " + reached / 1e6 + " s)"));
      }
      worst = Math.max(worst, reached);
    }
    return CheckResult.valid(
        NAME,
        "after the heal every honest node committed above height "
            + target
            + " within "
            + String.format(java.util.Locale.ROOT, "%.2f", worst / 1e6)
            + " s (bound "
            + boundMicros / 1e6
            + " s)");
  }
}
