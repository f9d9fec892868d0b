package io.ledgerlab.ledger.replay;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.StateKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What a replay of a chain found.
 *
 * @param head the height of the chain's last block, as its source gave it
 * @param blocks the blocks replayed with every side agreeing, from 1
 * @param transactions the transactions in those blocks
 * @param stateRoot the state root after those blocks, with the chain's own code
 * @param replaced what stood in for what; empty when the chain ran only under its own code
 * @param divergence the first place the sides part; null when {@link Verdict#VALID}
 */
public record ReplayReport(
    Verdict verdict,
    String chainId,
    long head,
    long blocks,
    long transactions,
    Hash stateRoot,
    List<Substitution.Replaced> replaced,
    Divergence divergence) {
  public ReplayReport {
    replaced = List.copyOf(replaced);
    if ((verdict == Verdict.VALID) != (divergence == null)) {
      throw new IllegalArgumentException("a divergence exactly when the verdict is not VALID");
    }
  }

  /** The verdict of a replay. */
  public enum Verdict {
    /** Every block replays under the chain's own code and the replacements to the same receipts. */
    VALID,
    /** A replacement gives another receipt or another state for a transaction the chain holds. */
    INVALID,
    /**
     * The chain's own code no longer gives the stored chain: a bug of determinism or a damaged
     * store, found before any replacement was judged.
     */
    STORED_CHAIN_INVALID
  }

  /** The report for people, one line each: the verdict, then where and how the sides part. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(headline());
    for (Substitution.Replaced r : replaced) {
      out.add("  " + r.describe());
    }
    if (divergence == null) {
      return out;
    }
    Divergence d = divergence;
    String refName = verdict == Verdict.INVALID ? "chain's code" : "stored";
    String candName = verdict == Verdict.INVALID ? "replacement" : "chain's code";
    out.add(
        "  first divergence: block "
            + d.height()
            + (d.txIndex() < 0
                ? ""
                : ", transaction "
                    + d.txIndex()
                    + (d.txHash() == null ? "" : " " + d.txHash().hex())));
    out.add("    " + d.reason());
    if (d.reference() != null || d.candidate() != null) {
      int width = Math.max(refName.length(), candName.length());
      out.add("    receipt, " + pad(refName, width) + ": " + Values.describe(d.reference()));
      out.add("    receipt, " + pad(candName, width) + ": " + Values.describe(d.candidate()));
    }
    if (d.state() != null) {
      StateKey key = d.state().decoded();
      out.add(
          "    state "
              + key.describe()
              + " (was "
              + Values.describe(key, d.state().before())
              + ")");
      int width = Math.max(refName.length(), candName.length());
      out.add("      " + pad(refName, width) + ": " + Values.describe(key, d.state().reference()));
      out.add("      " + pad(candName, width) + ": " + Values.describe(key, d.state().candidate()));
    }
    return out;
  }

  /** The first line: the verdict with what it covers. */
  public String headline() {
    return switch (verdict) {
      case VALID ->
          "VALID: "
              + blocks
              + " blocks ("
              + transactions
              + " transactions) of "
              + chainId
              + " replay from genesis"
              + (replaced.isEmpty()
                  ? " under the chain's own code"
                  : " to the same receipts and state roots under the replacement code")
              + "; state root "
              + stateRoot.hex();
      case INVALID ->
          "INVALID: the replacement code parts from the chain "
              + chainId
              + " at block "
              + divergence.height()
              + agreed("agrees", "agree");
      case STORED_CHAIN_INVALID ->
          "STORED CHAIN INVALID: "
              + chainId
              + " does not replay under its own code at block "
              + divergence.height()
              + agreed("does", "do")
              + "; no replacement was judged";
    };
  }

  private String agreed(String one, String many) {
    if (blocks == 0) {
      return " (its first block)";
    }
    return blocks == 1 ? " (block 1 " + one + ")" : " (blocks 1-" + blocks + " " + many + ")";
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
