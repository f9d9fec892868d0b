package io.ledgerlab.lab.devchain;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.ledger.chain.Ledger;

/** A check that judges one node's committed chain. */
@FunctionalInterface
public interface LedgerCheck {
  CheckResult check(Ledger ledger);
}
