package io.ledgerlab.lab.load;

import io.ledgerlab.lab.target.Op;

/**
 * What a load does, one operation at a time, in the application's words ({@link Op}); the generator
 * decides when, the target's wallet signs, and the generator routes and measures. Implementations
 * are deterministic for their seed and called from one thread at a time.
 */
public interface Workload {
  /** Operation number {@code index}, counting from 0. */
  Op next(long index);
}
