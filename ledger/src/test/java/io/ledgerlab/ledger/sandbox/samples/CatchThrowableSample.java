package io.ledgerlab.ledger.sandbox.samples;

/** Tries to survive anything, the meter's stop included. */
public class CatchThrowableSample extends Sample {
  @Override
  protected long run(int n) {
    try {
      return 10 / n;
    } catch (Throwable t) {
      return 0;
    }
  }
}
