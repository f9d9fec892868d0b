package io.ledgerlab.lab.devchain;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.StateAudit;

/**
 * The incrementally maintained state root equals a root rebuilt from scratch over every entry:
 * proves the O(changes) updates never drifted from the contents.
 */
public final class StateRootCheck implements LedgerCheck {
  @Override
  public CheckResult check(Ledger ledger) {
    Hash incremental = ledger.head().stateRoot();
    Hash rebuilt = StateAudit.recomputeRoot(ledger.state());
    return CheckResult.of(
        "state-root",
        incremental.equals(rebuilt),
        "head "
            + ledger.height()
            + ": incremental "
            + incremental.shortHex()
            + ", rebuilt "
            + rebuilt.shortHex());
  }
}
