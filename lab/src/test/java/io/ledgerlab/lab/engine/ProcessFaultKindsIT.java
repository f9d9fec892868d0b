package io.ledgerlab.lab.engine;

import org.junit.jupiter.api.Timeout;

/** Every fault kind the process engine claims, taking effect on real node processes. */
@Timeout(180)
class ProcessFaultKindsIT extends FaultKindsContract {
  @Override
  protected String engineName() {
    return "process";
  }
}
