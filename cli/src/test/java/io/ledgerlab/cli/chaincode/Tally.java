package io.ledgerlab.cli.chaincode;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;

/** Version 1 of {@code tally}: {@code add(by)} adds to one total and answers the new total. */
public class Tally implements ChainCode {
  @Override
  public String name() {
    return "tally";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    if (!method.equals("add")) {
      return Outcome.fail("UNKNOWN_METHOD", "tally has no method " + method);
    }
    Args.Reader in = Args.reader(args);
    long by = in.u64("add.by");
    in.end("add");
    return add(context, by);
  }

  protected Outcome add(CallContext context, long by) {
    byte[] was = context.get(key());
    long now = (was == null ? 0 : Args.reader(was).u64("total")) + by;
    context.put(key(), Args.writer().u64(now).toBytes());
    return Outcome.ok(Args.writer().u64(now).toBytes());
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    byte[] v = context.get(key());
    return Outcome.ok(v == null ? Args.writer().u64(0).toBytes() : v);
  }

  protected static byte[] key() {
    return "total".getBytes(StandardCharsets.UTF_8);
  }
}
