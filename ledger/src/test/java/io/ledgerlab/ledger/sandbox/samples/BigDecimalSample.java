package io.ledgerlab.ledger.sandbox.samples;

import java.math.BigDecimal;

/** Asks BigDecimal for a billion digits in one call. */
public class BigDecimalSample extends Sample {
  @Override
  protected long run(int n) {
    return new BigDecimal("1e999999999").toBigInteger().bitLength();
  }
}
