package io.ledgerlab.lab.check;

import io.ledgerlab.lab.target.ReplayResult;

/**
 * Old transactions still validate under new code: one node's whole chain, replayed from genesis
 * under the chain's own code and under the scenario's replacement jars side by side, gives the same
 * receipts and state roots. Invalid at the first transaction that parts, with both receipts and the
 * first differing key; invalid too, and said apart, when the chain does not replay under its own
 * code; unknown when no replay could be made.
 */
public final class ReplayChecker implements Checker {
  public static final String NAME = "replay";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    ReplayResult r = run.replay();
    if (r == null) {
      return CheckResult.unknown(
          NAME,
          "no chain was replayed: "
              + (run.replayProblem() == null ? "the run made no replay" : run.replayProblem()));
    }
    String details = r.node() + "'s chain: " + String.join("\n", r.lines());
    return switch (r.verdict()) {
      case VALID -> CheckResult.valid(NAME, details);
      case INVALID -> CheckResult.invalid(NAME, details);
      case STORED_CHAIN_INVALID ->
          CheckResult.invalid(
              NAME,
              details
                  + "\n(the chain does not replay under the code it ran: a determinism bug or a"
                  + " damaged store, before the replacement code is judged)");
    };
  }
}
