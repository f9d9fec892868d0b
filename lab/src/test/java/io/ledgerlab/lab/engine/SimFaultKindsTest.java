package io.ledgerlab.lab.engine;

/** Every fault kind taking effect in the simulator, in virtual time. */
class SimFaultKindsTest extends FaultKindsContract {
  @Override
  protected String engineName() {
    return "sim";
  }
}
