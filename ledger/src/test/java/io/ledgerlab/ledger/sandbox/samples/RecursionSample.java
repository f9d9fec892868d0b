package io.ledgerlab.ledger.sandbox.samples;

/** Recurses forever: accepted by the check, stopped at the depth limit. */
public class RecursionSample extends Sample {
  @Override
  protected long run(int n) {
    return run(n + 1) + 1;
  }
}
