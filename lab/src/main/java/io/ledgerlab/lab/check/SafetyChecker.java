package io.ledgerlab.lab.check;

import io.ledgerlab.lab.target.BlockView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * No fork: no two honest nodes hold different blocks at one height, each block extends the one
 * below it, and every block's commit proof verifies. A fork is explained: the first conflicting
 * height, the blocks, who committed which and when.
 */
public final class SafetyChecker implements Checker {
  public static final String NAME = "safety";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    List<NodeRead> chains = run.chains();
    if (chains.isEmpty()) {
      return CheckResult.unknown(
          NAME, "no honest node's chain could be read: " + run.unreadChains());
    }
    if (chains.size() == 1 && run.honest().size() > 1) {
      return CheckResult.unknown(
          NAME,
          "only "
              + chains.get(0).node()
              + "'s chain could be read, and a fork takes two to see; not read: "
              + run.unreadChains());
    }
    long max = chains.stream().mapToLong(NodeRead::height).max().orElse(0);
    if (max == 0) {
      return CheckResult.unknown(NAME, "no honest node committed a block: nothing to compare");
    }
    for (long h = 1; h <= max; h++) {
      Map<String, List<String>> byHash = new TreeMap<>();
      for (NodeRead r : chains) {
        if (r.height() >= h) {
          byHash
              .computeIfAbsent(r.chain().get((int) h - 1).hash(), k -> new ArrayList<>())
              .add(r.node());
        }
      }
      if (byHash.size() > 1) {
        return fork(run, h, byHash);
      }
    }
    for (NodeRead r : chains) {
      for (BlockView b : r.chain()) {
        if (b.height() > 1 && !b.parent().equals(r.chain().get((int) b.height() - 2).hash())) {
          return CheckResult.invalid(
              NAME,
              r.node() + " height " + b.height() + " does not extend the block below it",
              run.committedAt(r.node(), b.height()));
        }
        if (b.proofBroken()) {
          return CheckResult.invalid(
              NAME,
              r.node()
                  + " height "
                  + b.height()
                  + " ("
                  + shortId(b.hash())
                  + "): its commit proof does not hold: "
                  + b.proofProblem(),
              run.committedAt(r.node(), b.height()));
        }
      }
    }
    List<String> unverified = new ArrayList<>();
    for (NodeRead r : chains) {
      if (!r.chain().isEmpty() && !r.chain().get(r.chain().size() - 1).proofVerified()) {
        unverified.add(r.node());
      }
    }
    boolean anyProof =
        chains.stream().anyMatch(r -> r.chain().stream().anyMatch(BlockView::proofVerified));
    String proofs =
        !anyProof
            ? "; no block carried a commit proof the target could verify, so agreement is on"
                + " hashes and parent links only"
            : "; every commit proof verified"
                + (unverified.isEmpty()
                    ? ""
                    : " (the head's proof was not available on " + unverified + ")");
    return CheckResult.valid(
        NAME,
        chains.size()
            + " honest nodes agree on every block up to height "
            + max
            + proofs
            + (run.unreadChains().isEmpty() ? "" : "; not read: " + run.unreadChains()));
  }

  private static CheckResult fork(RunRecord run, long height, Map<String, List<String>> byHash) {
    StringBuilder sb = new StringBuilder("fork at height " + height + ":");
    Double forkedAt = null;
    for (Map.Entry<String, List<String>> e : byHash.entrySet()) {
      Double first = null;
      List<String> who = new ArrayList<>();
      for (String node : e.getValue()) {
        Double at = run.committedAt(node, height);
        who.add(at == null ? node : String.format(Locale.ROOT, "%s at %.2f s", node, at));
        if (at != null) {
          first = first == null ? at : Math.min(first, at);
        }
      }
      sb.append(' ').append(who).append(" committed ").append(shortId(e.getKey())).append(';');
      // The fork exists from the moment the later of the two blocks was first committed.
      if (first != null) {
        forkedAt = forkedAt == null ? first : Math.max(forkedAt, first);
      }
    }
    sb.append(
        " honest nodes disagree on the chain, so a client of one side was told something the"
            + " other side denies");
    return CheckResult.invalid(NAME, sb.toString(), forkedAt);
  }

  static String shortId(String id) {
    return id.length() <= 12 ? id : id.substring(0, 12);
  }
}
