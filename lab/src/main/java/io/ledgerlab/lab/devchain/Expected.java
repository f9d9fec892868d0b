package io.ledgerlab.lab.devchain;

import io.ledgerlab.ledger.tx.RejectReason;

/**
 * What the workload expects to happen to an operation it generated: admitted and committed with a
 * successful receipt, admitted but failing in its receipt, or rejected at admission for a reason.
 */
public record Expected(Outcome outcome, RejectReason rejection) {
  public enum Outcome {
    COMMITTED,
    FAILED_RECEIPT,
    REJECTED
  }

  public static final Expected COMMITTED = new Expected(Outcome.COMMITTED, null);
  public static final Expected FAILED_RECEIPT = new Expected(Outcome.FAILED_RECEIPT, null);

  public static Expected rejected(RejectReason reason) {
    return new Expected(Outcome.REJECTED, reason);
  }
}
