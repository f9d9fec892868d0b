package io.ledgerlab.lab.governance;

import org.junit.jupiter.api.Timeout;

/** Governance, the missing-code halt and the resume, on real node processes. */
@Timeout(120)
class ProcessGovernanceIT extends GovernanceContract {
  @Override
  protected String engineName() {
    return "process";
  }
}
