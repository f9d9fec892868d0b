package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;

/** Chain code that reads the node's clock: every node would write a different value. */
public final class ClockReader implements ChainCode {
  @Override
  public String name() {
    return "clock";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    context.put(new byte[] {1}, Args.writer().u64(System.currentTimeMillis()).toBytes());
    return Outcome.ok();
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok();
  }
}
