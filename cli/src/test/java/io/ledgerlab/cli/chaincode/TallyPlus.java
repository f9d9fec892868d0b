package io.ledgerlab.cli.chaincode;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.Outcome;

/** Version 2 of {@code tally} that only adds a method, {@code reset}. */
public class TallyPlus extends Tally {
  @Override
  public int version() {
    return 2;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    if (method.equals("reset")) {
      context.put(key(), Args.writer().u64(0).toBytes());
      return Outcome.ok();
    }
    return super.invoke(context, method, args);
  }
}
