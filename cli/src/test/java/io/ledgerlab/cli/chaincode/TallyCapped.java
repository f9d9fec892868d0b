package io.ledgerlab.cli.chaincode;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.Outcome;

/** Version 2 of {@code tally} that caps each addition at 10: an old add of 25 now differs. */
public class TallyCapped extends Tally {
  @Override
  public int version() {
    return 2;
  }

  @Override
  protected Outcome add(CallContext context, long by) {
    return super.add(context, by > 10 ? 10 : by);
  }
}
