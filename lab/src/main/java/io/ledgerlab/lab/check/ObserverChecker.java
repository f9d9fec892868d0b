package io.ledgerlab.lab.check;

import io.ledgerlab.lab.engine.NodeStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The observers — nodes without a validator key that re-execute every block they follow — found no
 * block whose certificate a quorum signed but whose execution differs from its header: the first
 * {@code observer.divergence} any observer logged makes the run INVALID, named with its height, the
 * root that differs, both values and the observer. No {@code observer.block} from any observer is
 * no evidence either way (UNKNOWN). An observer that ends more than {@link #BEHIND_MAX} blocks
 * below the height every honest validator reached is stuck — a certified block it refused for
 * another reason, chain code it lacks — and makes the run INVALID too (UNKNOWN when it was down at
 * the end: a stopped observer is behind for a reason of its own). It runs only for networks with
 * observers.
 */
public final class ObserverChecker implements Checker {
  public static final String NAME = "observer";

  /**
   * How many blocks an observer may end below the validators' common height: it commits a block
   * once it holds the certificate, a moment after the validators, and the final reads are not all
   * taken at one instant.
   */
  public static final long BEHIND_MAX = 3;

  private final List<String> observers;

  /**
   * @param observers the network's observers, in its order, for the details
   */
  public ObserverChecker(List<String> observers) {
    this.observers = List.copyOf(observers);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    Observations o = run.observations();
    if (!o.divergences().isEmpty()) {
      Observations.Divergence first = o.divergences().get(0);
      for (Observations.Divergence d : o.divergences()) {
        if (d.height() < first.height()) {
          first = d;
        }
      }
      int more = o.divergences().size() - 1;
      return CheckResult.invalid(
          NAME,
          "the validators certified a block the observers' execution disagrees with: "
              + first.sentence()
              + (more > 0 ? "; " + more + " more divergence" + (more == 1 ? "" : "s") : ""),
          first.atSeconds());
    }
    if (o.blocks().isEmpty()) {
      return CheckResult.unknown(
          NAME,
          "no observer logged following a block ("
              + Observations.BLOCK
              + ") among "
              + observers
              + ": nothing was cross-checked");
    }
    Map<String, Long> highest = new LinkedHashMap<>();
    observers.forEach(n -> highest.put(n, 0L));
    for (Observations.Block b : o.blocks()) {
      highest.merge(b.observer(), b.height(), Math::max);
    }
    CheckResult stuck = stuck(run, highest);
    if (stuck != null) {
      return stuck;
    }
    return CheckResult.valid(
        NAME,
        o.blocks().size()
            + " blocks re-executed by the observers, each matching its header's state and"
            + " receipts roots (highest: "
            + highest.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))
            + ")");
  }

  /**
   * The first observer more than {@link #BEHIND_MAX} blocks below the honest validators' common
   * height at the end (INVALID, or UNKNOWN when it was not running at the end), or null when none
   * is, or no validator's chain could be read to compare with.
   */
  private CheckResult stuck(RunRecord run, Map<String, Long> highest) {
    long common = Long.MAX_VALUE;
    for (NodeInfo n : run.honest()) {
      NodeRead read = run.reads().get(n.name());
      if (!n.observer() && read != null && read.chain() != null) {
        common = Math.min(common, read.height());
      }
    }
    if (common == Long.MAX_VALUE) {
      return null;
    }
    for (Map.Entry<String, Long> e : highest.entrySet()) {
      String observer = e.getKey();
      long height = e.getValue();
      if (common - height <= BEHIND_MAX) {
        continue;
      }
      String behind =
          observer + " re-executed " + height + " of " + common + " blocks; stuck at " + height;
      Optional<NodeInfo> info = run.node(observer);
      if (info.isPresent() && info.get().endStatus() != NodeStatus.RUNNING) {
        return CheckResult.unknown(
            NAME,
            behind
                + ", but it was "
                + info.get().endStatus().name().toLowerCase(Locale.ROOT)
                + " at the end: nothing says whether it could have followed");
      }
      Rejection last = null;
      for (Rejection r : run.rejections()) {
        if (r.node().equals(observer) && (last == null || r.atSeconds() >= last.atSeconds())) {
          last = r;
        }
      }
      return CheckResult.invalid(
          NAME,
          behind
              + ": "
              + (last == null
                  ? "its log says no block.invalid; see its log for why it stopped following"
                  : "block " + last.height() + " refused: " + last.reason()),
          last == null ? null : last.atSeconds());
    }
    return null;
  }
}
