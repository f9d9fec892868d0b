package io.ledgerlab.node.code;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;

/** A chain code for CodeDir's tests: answers what it is given. */
public final class Echo implements ChainCode {
  @Override
  public String name() {
    return "echo";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    return Outcome.ok(args);
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok(args);
  }
}
