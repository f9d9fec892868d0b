package io.ledgerlab.lab.check;

import io.ledgerlab.lab.target.BlockView;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Evidence of equivocation never accuses an honest validator; it names whom it caught. */
public final class EvidenceChecker implements Checker {
  public static final String NAME = "evidence";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    if (run.chains().isEmpty()) {
      return CheckResult.unknown(
          NAME, "no honest node's chain could be read: " + run.unreadChains());
    }
    // An observer has no validator id by design: no evidence can name it.
    List<String> unknownIds =
        run.honest().stream()
            .filter(n -> !n.observer() && n.validatorId().isEmpty())
            .map(NodeInfo::name)
            .toList();
    if (!unknownIds.isEmpty()) {
      return CheckResult.unknown(
          NAME,
          "which validators " + unknownIds + " are is unknown, so no accusation can be judged");
    }
    Map<String, String> nodeOf = new TreeMap<>();
    run.nodes().stream()
        .filter(n -> !n.observer())
        .forEach(n -> nodeOf.put(n.validatorId(), n.name()));
    TreeSet<String> accused = new TreeSet<>();
    // Every honest chain: one may be longer than another, or hold a block the others do not.
    // Each block counts once, however many chains hold it.
    Set<String> blocks = new HashSet<>();
    int pieces = 0;
    for (NodeRead r : run.chains()) {
      for (BlockView b : r.chain()) {
        if (!blocks.add(b.hash())) {
          continue;
        }
        for (String id : b.accused()) {
          pieces++;
          String name = nodeOf.getOrDefault(id, id);
          accused.add(name);
          NodeInfo n = run.node(name).orElse(null);
          if (n != null && n.honest()) {
            return CheckResult.invalid(
                NAME,
                "honest validator "
                    + name
                    + " ("
                    + SafetyChecker.shortId(id)
                    + ") is accused of equivocation in block "
                    + b.height()
                    + " on "
                    + r.node()
                    + ": it signed two conflicting votes",
                run.committedAt(r.node(), b.height()));
          }
        }
      }
    }
    return CheckResult.valid(
        NAME,
        pieces == 0
            ? "no evidence of equivocation committed"
            : pieces
                + " pieces of equivocation evidence committed against "
                + accused
                + ", none honest");
  }
}
