package io.ledgerlab.lab.check;

import java.util.List;
import java.util.Objects;

/** What one check found: a verdict and the details a person needs to act on it. */
public record CheckResult(String name, Validity validity, String details) {
  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(details, "details");
  }

  public static CheckResult valid(String name, String details) {
    return new CheckResult(name, Validity.VALID, details);
  }

  public static CheckResult invalid(String name, String details) {
    return new CheckResult(name, Validity.INVALID, details);
  }

  public static CheckResult of(String name, boolean ok, String details) {
    return new CheckResult(name, ok ? Validity.VALID : Validity.INVALID, details);
  }

  /** The combined verdict of several checks. */
  public static Validity overall(List<CheckResult> results) {
    Validity v = Validity.VALID;
    for (CheckResult r : results) {
      v = v.and(r.validity());
    }
    return v;
  }
}
