package io.ledgerlab.lab.check;

import java.util.List;
import java.util.Objects;

/**
 * What one check found: a verdict, the details a person needs to act on it, when the failure
 * happened (run seconds, for the log excerpt; null when the check cannot say), and, for a composed
 * check, each sub-result.
 */
public record CheckResult(
    String name, Validity validity, String details, Double atSeconds, List<CheckResult> parts) {
  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(details, "details");
    parts = List.copyOf(parts);
  }

  public CheckResult(String name, Validity validity, String details) {
    this(name, validity, details, null, List.of());
  }

  public static CheckResult valid(String name, String details) {
    return new CheckResult(name, Validity.VALID, details);
  }

  public static CheckResult invalid(String name, String details) {
    return new CheckResult(name, Validity.INVALID, details);
  }

  /** A failure that the check can place in time. */
  public static CheckResult invalid(String name, String details, Double atSeconds) {
    return new CheckResult(name, Validity.INVALID, details, atSeconds, List.of());
  }

  /** The check could read no evidence either way. */
  public static CheckResult unknown(String name, String details) {
    return new CheckResult(name, Validity.UNKNOWN, details);
  }

  public static CheckResult of(String name, boolean ok, String details) {
    return new CheckResult(name, ok ? Validity.VALID : Validity.INVALID, details);
  }

  /** A check made of others: its verdict is the worst of theirs, and it keeps each. */
  public static CheckResult composed(String name, String details, List<CheckResult> parts) {
    Double at = null;
    for (CheckResult p : parts) {
      if (p.validity() == Validity.INVALID && p.atSeconds() != null) {
        at = at == null ? p.atSeconds() : Math.min(at, p.atSeconds());
      }
    }
    return new CheckResult(name, overall(parts), details, at, parts);
  }

  /** The combined verdict of several checks: invalid beats unknown beats valid. */
  public static Validity overall(List<CheckResult> results) {
    Validity v = Validity.VALID;
    for (CheckResult r : results) {
      v = v.and(r.validity());
    }
    return v;
  }
}
