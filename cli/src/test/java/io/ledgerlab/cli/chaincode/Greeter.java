package io.ledgerlab.cli.chaincode;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;

/** Chain code the sandbox accepts. */
public final class Greeter implements ChainCode {
  @Override
  public String name() {
    return "greeter";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    context.put(args, new byte[] {1});
    return Outcome.ok();
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok(context.get(args));
  }
}
