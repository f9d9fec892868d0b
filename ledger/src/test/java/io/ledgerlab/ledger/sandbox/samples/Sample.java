package io.ledgerlab.ledger.sandbox.samples;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;

/** The base of the one-behaviour sample contracts: each overrides {@link #run}. */
public abstract class Sample implements ChainCode {
  @Override
  public String name() {
    return "sample";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    return Outcome.ok(new byte[] {(byte) run(method.length())});
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok();
  }

  /** The behaviour under test. */
  protected abstract long run(int n);
}
