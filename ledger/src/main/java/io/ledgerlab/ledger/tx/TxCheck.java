package io.ledgerlab.ledger.tx;

/** The verdict on one transaction: accepted, or rejected with a reason and a detail. */
public record TxCheck(RejectReason reason, String detail) {
  private static final TxCheck OK = new TxCheck(null, "");

  public static TxCheck ok() {
    return OK;
  }

  public static TxCheck rejected(RejectReason reason, String detail) {
    return new TxCheck(java.util.Objects.requireNonNull(reason), detail);
  }

  public boolean isOk() {
    return reason == null;
  }

  @Override
  public String toString() {
    return isOk() ? "OK" : reason + ": " + detail;
  }
}
