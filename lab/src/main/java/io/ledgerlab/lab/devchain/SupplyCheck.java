package io.ledgerlab.lab.devchain;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.crypto.Address;
import java.util.Collection;

/**
 * The token invariant: the balances of every account sum to the supply minted at genesis, and the
 * supply the token chain code recorded agrees.
 */
public final class SupplyCheck implements LedgerCheck {
  private final Collection<Address> accounts;

  /** {@code accounts} must hold every account that can have a balance. */
  public SupplyCheck(Collection<Address> accounts) {
    this.accounts = accounts;
  }

  @Override
  public CheckResult check(Ledger ledger) {
    long minted = ledger.genesis().totalSupply();
    long sum = 0;
    for (Address a : accounts) {
      sum += ledger.account(a).balance();
    }
    long recorded = ledger.recordedSupply();
    boolean ok = sum == minted && recorded == minted;
    return CheckResult.of(
        "total-supply",
        ok,
        "minted "
            + minted
            + ", sum of "
            + accounts.size()
            + " balances "
            + sum
            + ", recorded "
            + recorded);
  }
}
