package io.ledgerlab.junit;

import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.Undo;

/**
 * A fault a test put into effect; {@link #heal()} (or closing it, in try-with-resources) undoes
 * just this one, while others in force stay, composed as in a scenario's schedule.
 */
public final class FaultHandle implements AutoCloseable {
  private final Fault fault;
  private final Undo undo;

  FaultHandle(Fault fault, Undo undo) {
    this.fault = fault;
    this.undo = undo;
  }

  public Fault fault() {
    return fault;
  }

  /** Undoes this fault; idempotent. */
  public void heal() {
    undo.undo();
  }

  @Override
  public void close() {
    heal();
  }

  @Override
  public String toString() {
    return fault.kind().key() + " " + fault.target();
  }
}
