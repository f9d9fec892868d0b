package io.ledgerlab.lab.check;

import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.TxView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application's invariants on every honest node: no sender's sequence number committed twice or
 * skipped (no replay, no double spend), the token supply is what genesis minted, and no balance is
 * negative.
 */
public final class ValidityChecker implements Checker {
  public static final String NAME = "validity";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    if (run.chains().isEmpty()) {
      return CheckResult.unknown(
          NAME,
          "no honest node's chain could be read, so replays cannot be ruled out: "
              + run.unreadChains());
    }
    for (NodeRead r : run.chains()) {
      Set<String> seen = new HashSet<>();
      Map<String, Long> last = new HashMap<>();
      for (BlockView b : r.chain()) {
        for (TxView t : b.txs()) {
          Long before = last.put(t.sender(), t.nonce());
          if (before != null && t.nonce() > before + 1) {
            return CheckResult.invalid(
                NAME,
                whose(r, t)
                    + " committed at height "
                    + b.height()
                    + " after nonce "
                    + before
                    + ": a gap of "
                    + (t.nonce() - before - 1),
                run.committedAt(r.node(), b.height()));
          }
          if (!seen.add(t.sender() + "/" + t.nonce())) {
            return CheckResult.invalid(
                NAME,
                whose(r, t) + " committed twice (again at height " + b.height() + ")",
                run.committedAt(r.node(), b.height()));
          }
        }
      }
    }
    List<String> read = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    for (NodeInfo n : run.honest()) {
      NodeRead r = run.reads().get(n.name());
      if (r == null || r.supply() == null) {
        unread.add(n.name() + (r == null ? "" : " (" + r.supplyError() + ")"));
        continue;
      }
      read.add(n.name());
      if (!r.supply().held().equals(r.supply().minted())) {
        return CheckResult.invalid(
            NAME,
            n.name()
                + ": the accounts hold "
                + r.supply().held()
                + " tokens, genesis minted "
                + r.supply().minted()
                + (r.supply().held().compareTo(r.supply().minted()) > 0
                    ? " (tokens were created)"
                    : " (tokens were destroyed or lost)"));
      }
      if (!r.supply().negative().isEmpty()) {
        return CheckResult.invalid(NAME, n.name() + ": negative balances " + r.supply().negative());
      }
    }
    if (read.isEmpty()) {
      return CheckResult.unknown(NAME, "no honest node's balances could be read: " + unread);
    }
    return CheckResult.valid(
        NAME,
        "no nonce committed twice or skipped; supply constant and no negative balance on "
            + read
            + (unread.isEmpty() ? "" : "; not read: " + unread));
  }

  /** "n0: sender alice nonce 7": the transaction a breach is about. */
  private static String whose(NodeRead r, TxView t) {
    return r.node() + ": sender " + t.sender() + " nonce " + t.nonce();
  }
}
