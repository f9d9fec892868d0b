package io.ledgerlab.lab.engine;

import java.util.Locale;

/**
 * How the run's identities sign: real Ed25519, as every node process does, or the simulator's keyed
 * hash ({@link io.ledgerlab.ledger.crypto.SimulatedSignatures}), which only an engine that runs
 * every node in the lab's own JVM can use. A run's report names the scheme, so a verdict reached
 * with simulated signatures never passes for one reached with real cryptography.
 */
public enum SignatureScheme {
  ED25519,
  SIMULATED;

  /** As scenarios, flags and reports spell it: {@code ed25519}, {@code simulated}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scheme spelt {@code key}, or null for none. */
  public static SignatureScheme named(String key) {
    for (SignatureScheme s : values()) {
      if (s.key().equals(key)) {
        return s;
      }
    }
    return null;
  }
}
