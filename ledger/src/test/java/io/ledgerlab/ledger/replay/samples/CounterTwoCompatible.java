package io.ledgerlab.ledger.replay.samples;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.Outcome;

/** Version 2 of {@code counter} that only adds a method, {@code reset}: old calls answer alike. */
public class CounterTwoCompatible extends CounterOne {
  @Override
  public int version() {
    return 2;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    if (method.equals("reset")) {
      context.put(countKey(), Args.writer().u64(0).toBytes());
      return Outcome.ok();
    }
    return super.invoke(context, method, args);
  }
}
