package io.ledgerlab.lab.check;

import io.ledgerlab.lab.engine.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Progress after healing: every honest node commits a block above the highest height any honest
 * node had at the heal, within the bound. Judged from the heights sampled during the run.
 */
public final class LivenessChecker implements Checker {
  public static final String NAME = "liveness";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    List<NodeInfo> honest = run.honest();
    if (honest.isEmpty()) {
      return CheckResult.unknown(NAME, "no honest node to judge");
    }
    double heal = run.healSeconds();
    double bound = run.livenessBoundMicros() / 1e6;
    long target = -1;
    for (NodeInfo n : honest) {
      for (double[] p : run.heights().getOrDefault(n.name(), List.of())) {
        if (p[0] <= heal) {
          target = Math.max(target, (long) p[1]);
        }
      }
    }
    if (target < 0) {
      return CheckResult.unknown(NAME, "no honest node's height was seen before the heal");
    }
    double worst = 0;
    List<String> exited = new ArrayList<>();
    for (NodeInfo n : honest) {
      if (n.endStatus() == NodeStatus.EXITED) {
        // A node that died cannot make progress: the nodes check holds it against the run.
        exited.add(n.name());
        continue;
      }
      List<double[]> points = run.heights().getOrDefault(n.name(), List.of());
      Double reached = null;
      long last = -1;
      for (double[] p : points) {
        if (p[0] > heal) {
          last = (long) p[1];
          if (p[1] > target) {
            reached = p[0] - heal;
            break;
          }
        }
      }
      if (reached == null || reached > bound) {
        return CheckResult.invalid(
            NAME,
            String.format(
                Locale.ROOT,
                "%s did not commit above height %d within %.1f s of the heal at %.1f s (%s)",
                n.name(),
                target,
                bound,
                heal,
                reached != null
                    ? String.format(Locale.ROOT, "took %.1f s", reached)
                    : last < 0
                        ? "it never answered after the heal"
                        : "last seen at height " + last),
            heal + bound);
      }
      worst = Math.max(worst, reached);
    }
    if (exited.size() == honest.size()) {
      return CheckResult.unknown(NAME, "every honest node exited: none could show progress");
    }
    return CheckResult.valid(
        NAME,
        String.format(
            Locale.ROOT,
            "after the heal at %.1f s every honest node%s committed above height %d within %.1f s"
                + " (bound %.0f s)",
            heal,
            exited.isEmpty() ? "" : " still running (not " + exited + ", which exited: see nodes)",
            target,
            worst,
            bound));
  }
}
