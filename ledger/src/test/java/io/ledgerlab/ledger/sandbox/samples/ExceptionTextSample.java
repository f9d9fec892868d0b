package io.ledgerlab.ledger.sandbox.samples;

import io.ledgerlab.chaincode.ChainCodeException;

/** Puts a JDK exception's text into a receipt: the text differs between JDK versions and flags. */
public class ExceptionTextSample extends Sample {
  @Override
  protected long run(int n) {
    try {
      int[] one = new int[1];
      return one[n];
    } catch (RuntimeException e) {
      throw new ChainCodeException("X", e.getMessage());
    }
  }
}
