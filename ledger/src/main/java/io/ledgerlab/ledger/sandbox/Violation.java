package io.ledgerlab.ledger.sandbox;

import java.util.Objects;

/**
 * One thing a chain-code jar may not do, and where it does it.
 *
 * @param className the class, dotted ({@code com.x.Auction}); for a problem with the jar itself,
 *     the entry it concerns or {@code <jar>}
 * @param method the method's name, or empty for the class itself (its fields, its superclass)
 * @param call what it does, such as {@code calls java/lang/System.currentTimeMillis()J}
 * @param rule the rule it breaks, such as {@code reaches the clock}
 */
public record Violation(String className, String method, String call, String rule) {
  /** The className of a problem with the jar as a whole. */
  public static final String JAR = "<jar>";

  public Violation {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(rule, "rule");
  }

  static Violation ofJar(String entry, String problem, String rule) {
    return new Violation(entry, "", problem, rule);
  }

  /**
   * For example {@code com.x.Bad.bid(..): calls java/lang/System.currentTimeMillis()J — reaches the
   * clock}.
   */
  @Override
  public String toString() {
    String where = method.isEmpty() ? className : className + "." + method + "(..)";
    return where + ": " + call + " — " + rule;
  }
}
