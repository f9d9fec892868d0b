package io.ledgerlab.lab.target;

import java.math.BigInteger;
import java.util.List;

/**
 * The token invariant on one node: what genesis minted, what the funded accounts hold together
 * (with what they paid in fees, on chains that charge them), and any account holding less than
 * nothing. Amounts are in the chain's smallest unit (wei on Ethereum), which can outgrow a long.
 *
 * @param negative accounts with a negative balance, as "account=balance"
 */
public record Supply(BigInteger minted, BigInteger held, List<String> negative) {
  public Supply {
    negative = List.copyOf(negative);
  }

  public Supply(long minted, long held, List<String> negative) {
    this(BigInteger.valueOf(minted), BigInteger.valueOf(held), negative);
  }

  public boolean holds() {
    return minted.equals(held) && negative.isEmpty();
  }
}
