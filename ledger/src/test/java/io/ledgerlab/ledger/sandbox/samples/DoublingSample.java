package io.ledgerlab.ledger.sandbox.samples;

/** Doubles a string thirty times: a handful of steps, a gigabyte of characters. */
public class DoublingSample extends Sample {
  @Override
  protected long run(int n) {
    String s = "ab" + n;
    for (int i = 0; i < 30; i++) {
      s = s + s;
    }
    return s.length();
  }
}
