package io.ledgerlab.ledger.sandbox;

import java.util.List;

/** A chain-code jar the sandbox will not load: why, and every violation found in it. */
public final class SandboxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  SandboxException(String reason, List<Violation> violations) {
    super(message(reason, violations), null, false, false);
    this.violations = List.copyOf(violations);
  }

  SandboxException(String reason) {
    this(reason, List.of());
  }

  /** Every violation found; empty when the jar was rejected for a reason of its own. */
  public List<Violation> violations() {
    return violations;
  }

  private static String message(String reason, List<Violation> violations) {
    StringBuilder text = new StringBuilder(reason);
    for (Violation v : violations) {
      text.append("\n  ").append(v);
    }
    return text.toString();
  }
}
