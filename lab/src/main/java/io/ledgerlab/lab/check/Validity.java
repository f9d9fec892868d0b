package io.ledgerlab.lab.check;

/** A checker's verdict. When verdicts combine, invalid beats unknown beats valid. */
public enum Validity {
  VALID,
  UNKNOWN,
  INVALID;

  public Validity and(Validity other) {
    return values()[Math.max(ordinal(), other.ordinal())];
  }
}
