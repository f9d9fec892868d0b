package io.ledgerlab.lab.sim;

import io.ledgerlab.lab.check.ChainChecks;
import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.LivenessCheck;
import io.ledgerlab.lab.check.Validity;
import java.util.List;

/** What one seed did: its trace digest, its checks, and how fast it ran. */
public record SimResult(
    long seed,
    String traceDigest,
    List<CheckResult> checks,
    long maxHeight,
    long committedTransactions,
    long simulatedMicros,
    long wallNanos,
    List<String> faults) {
  public SimResult {
    checks = List.copyOf(checks);
    faults = List.copyOf(faults);
  }

  public Validity verdict() {
    return CheckResult.overall(checks);
  }

  public boolean failed(String check) {
    return checks.stream()
        .anyMatch(c -> c.name().equals(check) && c.validity() == Validity.INVALID);
  }

  public boolean safetyFailed() {
    return failed(ChainChecks.SAFETY) || failed(ChainChecks.STATE_AGREEMENT);
  }

  public boolean livenessFailed() {
    return failed(LivenessCheck.NAME);
  }

  /** Simulated seconds per wall-clock second. */
  public double speed() {
    return wallNanos == 0 ? 0 : (simulatedMicros / 1e6) / (wallNanos / 1e9);
  }
}
