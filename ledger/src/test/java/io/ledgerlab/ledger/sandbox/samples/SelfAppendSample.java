package io.ledgerlab.ledger.sandbox.samples;

/** Appends a builder to itself: a few steps, a doubling heap. */
public class SelfAppendSample extends Sample {
  @Override
  protected long run(int n) {
    StringBuilder sb = new StringBuilder("ab");
    for (int i = 0; i < 40; i++) {
      sb.append((CharSequence) sb);
    }
    return sb.length();
  }
}
