package io.ledgerlab.lab.governance;

/** Governance, the missing-code halt and the resume, in the simulator, in virtual time. */
class SimGovernanceTest extends GovernanceContract {
  @Override
  protected String engineName() {
    return "sim";
  }
}
