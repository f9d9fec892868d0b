package io.ledgerlab.ledger.sandbox.samples;

/** A class whose static initialiser fails: the jar is refused at load. */
public class FailingInitSample extends Sample {
  private static final int DIVISOR = divisor();

  private static int divisor() {
    throw new IllegalStateException("no divisor today");
  }

  @Override
  protected long run(int n) {
    return n / DIVISOR;
  }
}
