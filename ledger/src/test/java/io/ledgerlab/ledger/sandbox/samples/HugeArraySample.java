package io.ledgerlab.ledger.sandbox.samples;

/** Allocates an array far larger than any budget: charged before it is made. */
public class HugeArraySample extends Sample {
  @Override
  protected long run(int n) {
    long[] huge = new long[Integer.MAX_VALUE - 16 - n];
    return huge.length;
  }
}
