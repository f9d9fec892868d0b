package io.ledgerlab.lab.sim;

import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;

/**
 * One simulated scenario. Everything random in a run is drawn from {@code seed}.
 *
 * @param validators validator count
 * @param byzantine how many validators misbehave, with {@code behaviour}
 * @param twins whether one honest validator runs as two instances sharing a key (Twins)
 * @param faults which faults the random nemesis draws
 * @param loadPerSecond client transactions per simulated second
 * @param durationMicros simulated time under load and faults; a heal and quiet period follow
 * @param canary a deliberately broken consensus run on every honest node, to check the checkers
 */
public record SimOptions(
    int validators,
    int byzantine,
    Behaviour behaviour,
    boolean twins,
    FaultProfile faults,
    double loadPerSecond,
    long durationMicros,
    Canary canary) {
  public static final long QUIET_MICROS = 30_000_000;
  public static final long LIVENESS_BOUND_MICROS = 30_000_000;

  public SimOptions {
    if (validators < 1 || validators > 256) {
      throw new IllegalArgumentException("--validators must be in [1, 256], got " + validators);
    }
    if (byzantine < 0 || byzantine >= validators) {
      throw new IllegalArgumentException(
          "--byzantine must be in [0, validators), got " + byzantine);
    }
    if (byzantine > 0 && !behaviour.isByzantine()) {
      throw new IllegalArgumentException("--byzantine needs a --behaviour other than HONEST");
    }
    if (twins && byzantine + 1 >= validators) {
      throw new IllegalArgumentException("--twins needs an honest validator to duplicate");
    }
    if (loadPerSecond < 0 || loadPerSecond > 100_000) {
      throw new IllegalArgumentException(
          "--rate must be in [0, 100000] per second, got " + loadPerSecond);
    }
    if (durationMicros < 1_000_000 || durationMicros > 24L * 3600 * 1_000_000) {
      throw new IllegalArgumentException("--duration must be between 1s and 24h");
    }
  }

  /** True when the configuration may legitimately break safety: more than f faulty of 3f+1. */
  public boolean beyondFaultTolerance() {
    int faulty = byzantine + (twins ? 1 : 0);
    return faulty * 3 >= validators;
  }
}
