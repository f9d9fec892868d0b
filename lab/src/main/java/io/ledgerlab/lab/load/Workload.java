package io.ledgerlab.lab.load;

/**
 * What a load does, one operation at a time; the generator decides when, signs, routes and
 * measures. Implementations are deterministic for their seed and called from one thread at a time.
 */
public interface Workload {
  /** Operation number {@code index}, counting from 0. */
  Op next(long index);
}
