package io.ledgerlab.ledger.sandbox.samples;

/**
 * Counts calls in a static field, which differs between a node that restarted and one that did not.
 */
public class StaticCounterSample extends Sample {
  private static int calls;

  @Override
  protected long run(int n) {
    return ++calls;
  }
}
