package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;

/**
 * Chain code that keeps a count in an instance field, a thing that works in a plain JVM and never
 * on a node: each call there runs on a fresh instance, so every {@code inc} returns 1.
 */
public final class Counter implements ChainCode {
  private long count;

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    count++;
    return Outcome.ok(Args.writer().u64(count).toBytes());
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok(Args.writer().u64(count).toBytes());
  }
}
