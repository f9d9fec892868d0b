package io.ledgerlab.lab.devchain;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import java.util.List;

/** What a dev-chain run committed and what its checks concluded. */
public record DevChainReport(
    long height, long transactions, long failedReceipts, List<CheckResult> checks) {
  public DevChainReport {
    checks = List.copyOf(checks);
  }

  public Validity verdict() {
    return CheckResult.overall(checks);
  }
}
