package io.ledgerlab.ledger.sandbox.samples;

import io.ledgerlab.chaincode.ChainCodeException;

/**
 * Throws exceptions of its own classes, whose toString and getMessage would run unmetered if the
 * node called them: method length 4 a ChainCodeException subclass, any other a plain one.
 */
public class OwnExceptionSample extends Sample {
  @Override
  protected long run(int n) {
    if (n == 4) {
      throw new Sly("SLY", "what the code meant");
    }
    throw new Loud();
  }

  /** Says something else when asked, and takes forever to say it. */
  public static final class Sly extends ChainCodeException {
    public Sly(String code, String message) {
      super(code, message);
    }

    @Override
    public String getMessage() {
      while (true) {
        // never returns
      }
    }
  }

  /** Never finishes describing itself. */
  public static final class Loud extends RuntimeException {
    @Override
    public String toString() {
      while (true) {
        // never returns
      }
    }
  }
}
