package io.ledgerlab.ledger.replay.samples;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.Outcome;

/**
 * Version 2 of {@code counter} that caps each addition at 10: an old {@code add} of more than 10
 * now answers, and stores, another count.
 */
public class CounterTwoCapped extends CounterOne {
  public static final long CAP = 10;

  @Override
  public int version() {
    return 2;
  }

  @Override
  protected Outcome add(CallContext context, long by) {
    return super.add(context, by > CAP ? CAP : by);
  }
}
