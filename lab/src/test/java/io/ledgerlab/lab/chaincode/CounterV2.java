package io.ledgerlab.lab.chaincode;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;

/**
 * Version 2 of {@link Counter}, shipped in a jar of its own for governance to install: the same
 * counters, and a {@code version} query that answers 2.
 */
public final class CounterV2 implements ChainCode {
  @Override
  public String name() {
    return Counter.NAME;
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    if (!method.equals("add")) {
      throw new ChainCodeException("UNKNOWN_METHOD", "counter has no method " + method);
    }
    Args.Reader in = Args.reader(args);
    String key = in.string("add.key");
    long by = in.u64("add.by");
    in.end("add");
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] v = context.get(k);
    long now = Math.addExact(v == null ? 0 : Args.reader(v).u64("stored"), by);
    context.put(k, Args.writer().u64(now).toBytes());
    return Outcome.ok(Args.writer().u64(now).toBytes());
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    if (method.equals("version")) {
      return Outcome.ok(new byte[] {2});
    }
    Args.Reader in = Args.reader(args);
    String key = in.string("get.key");
    in.end("get");
    byte[] v = context.get(key.getBytes(StandardCharsets.UTF_8));
    return Outcome.ok(Args.writer().u64(v == null ? 0 : Args.reader(v).u64("stored")).toBytes());
  }
}
