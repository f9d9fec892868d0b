package io.ledgerlab.ledger.sandbox.samples;

/** Reads the wall clock. */
public class ClockSample extends Sample {
  @Override
  protected long run(int n) {
    return System.currentTimeMillis() + n;
  }
}
