package io.ledgerlab.ledger.replay.samples;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;

/** Version 1 of {@code counter}: {@code add(by)} adds to one count and answers the new count. */
public class CounterOne implements ChainCode {
  public static final String NAME = "counter";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    if (!method.equals("add")) {
      return Outcome.fail("UNKNOWN_METHOD", "counter has no method " + method);
    }
    Args.Reader in = Args.reader(args);
    long by = in.u64("add.by");
    in.end("add");
    return add(context, by);
  }

  /** Adds {@code by}; the result is the new count. */
  protected Outcome add(CallContext context, long by) {
    long now = read(context) + by;
    context.put(countKey(), Args.writer().u64(now).toBytes());
    return Outcome.ok(Args.writer().u64(now).toBytes());
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok(Args.writer().u64(read(context)).toBytes());
  }

  protected static long read(QueryContext context) {
    byte[] v = context.get(countKey());
    return v == null ? 0 : Args.reader(v).u64("count");
  }

  /** The one key the count lives under. */
  public static byte[] countKey() {
    return "count".getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] addArgs(long by) {
    return Args.writer().u64(by).toBytes();
  }
}
