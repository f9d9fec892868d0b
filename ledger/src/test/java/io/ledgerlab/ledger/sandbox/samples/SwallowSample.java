package io.ledgerlab.ledger.sandbox.samples;

/** Loops forever and swallows the meter's stop with a finally that returns. */
public class SwallowSample extends Sample {
  @Override
  @SuppressWarnings("finally")
  protected long run(int n) {
    try {
      while (n >= 0) {
        n = n | 1;
      }
      return n;
    } finally {
      return 42;
    }
  }
}
