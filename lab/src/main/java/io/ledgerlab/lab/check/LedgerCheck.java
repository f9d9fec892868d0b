package io.ledgerlab.lab.check;

import io.ledgerlab.ledger.chain.Ledger;

/** A check that judges one node's committed chain. */
@FunctionalInterface
public interface LedgerCheck {
  CheckResult check(Ledger ledger);
}
