package io.ledgerlab.ledger.sandbox.samples;

/** Loops forever: accepted by the check, stopped by the meter. */
public class LoopSample extends Sample {
  @Override
  protected long run(int n) {
    long sum = 0;
    while (n >= 0) {
      sum += n;
    }
    return sum;
  }
}
