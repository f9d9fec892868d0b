package io.ledgerlab.lab.check;

/**
 * A judge of a run: reads what the run recorded — the history, the nodes' chains and state, their
 * lives, the heights over time — and returns valid, unknown (no evidence either way) or invalid,
 * with details. Checkers see no engine and no chain's own types.
 */
public interface Checker {
  String name();

  CheckResult check(RunRecord run);
}
