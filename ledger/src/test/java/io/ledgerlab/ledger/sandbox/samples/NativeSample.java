package io.ledgerlab.ledger.sandbox.samples;

/** Declares a native method. */
public class NativeSample extends Sample {
  private native long peek(int n);

  @Override
  protected long run(int n) {
    return peek(n);
  }
}
