package io.ledgerlab.ledger.sandbox.samples;

import io.ledgerlab.chaincode.ChainCodeException;

/** Fails on purpose with a code, or by accident with a plain exception. */
public class ThrowingSample extends Sample {
  @Override
  protected long run(int n) {
    if (n == 4) {
      throw new ChainCodeException("MEANT", "a failure the code means");
    }
    throw new IllegalStateException("an accident");
  }
}
