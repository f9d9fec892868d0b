package io.ledgerlab.lab.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The observers — nodes without a validator key that re-execute every block they follow — found no
 * block whose certificate a quorum signed but whose execution differs from its header: the first
 * {@code observer.divergence} any observer logged makes the run INVALID, named with its height, the
 * root that differs, both values and the observer. No {@code observer.block} from any observer is
 * no evidence either way (UNKNOWN). It runs only for networks with observers.
 */
public final class ObserverChecker implements Checker {
  public static final String NAME = "observer";

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
}
