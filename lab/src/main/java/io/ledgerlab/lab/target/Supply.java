package io.ledgerlab.lab.target;

import java.util.List;

/**
 * The token invariant on one node: what genesis minted, what the funded accounts hold together, and
 * any account holding less than nothing.
 *
 * @param negative accounts with a negative balance, as "account=balance"
 */
public record Supply(long minted, long held, List<String> negative) {
  public Supply {
    negative = List.copyOf(negative);
  }

  public boolean holds() {
    return minted == held && negative.isEmpty();
  }
}
