package io.ledgerlab.cli.chaincode;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;

/** Chain code that starts a thread and keeps a counter in a static field: refused twice. */
public final class Spawner implements ChainCode {
  static long calls;

  @Override
  public String name() {
    return "spawner";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    calls++;
    new Thread(() -> {}).start();
    return Outcome.ok();
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok();
  }
}
