package io.ledgerlab.ledger.sandbox.samples;

/** Allocates 40 MB of longs: few enough elements for the steps, too many bytes for a heap. */
public class BigArraySample extends Sample {
  @Override
  protected long run(int n) {
    long[] big = new long[5_000_000 + n];
    return big.length;
  }
}
