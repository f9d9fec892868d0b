package io.ledgerlab.runtime.time;

/** The only source of "now" that node code may read. */
@FunctionalInterface
public interface Clock {
  /** Microseconds since the Unix epoch, UTC; the unit of every timestamp in Ledgerlab. */
  long nowMicros();
}
