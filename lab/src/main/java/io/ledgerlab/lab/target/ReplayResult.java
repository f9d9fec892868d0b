package io.ledgerlab.lab.target;

import java.util.List;

/**
 * A target's replay of one node's committed chain from genesis under replacement chain code, as the
 * checks see it: the verdict and the report's lines for people, nothing of the chain's own types.
 *
 * @param blocks the blocks replayed before the verdict (all of them when valid)
 * @param lines the report, the verdict with what it covers first, then where the replay parted
 */
public record ReplayResult(String node, Verdict verdict, long blocks, List<String> lines) {
  public ReplayResult {
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a replay result has at least its verdict line");
    }
  }

  /** How the replay ended. */
  public enum Verdict {
    /** Every block gives the same receipts and state roots under the replacements. */
    VALID,
    /** A replacement gives another receipt or state for a transaction the chain holds. */
    INVALID,
    /** The chain does not replay under its own code: no replacement was judged. */
    STORED_CHAIN_INVALID
  }

  /** The first line: the verdict with what it covers. */
  public String summary() {
    return lines.get(0);
  }
}
