package io.ledgerlab.ledger.sandbox.samples;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;

/** Version 1 of {@code versioned}: stores what it is given; its queries answer 1. */
public class VersionOne implements ChainCode {
  @Override
  public String name() {
    return "versioned";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    context.put(new byte[] {1}, args);
    return Outcome.ok();
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok(new byte[] {(byte) version()});
  }
}
