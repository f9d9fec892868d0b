package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * A user chain code for network tests: per-caller tallies ({@code add}), a call that never ends
 * ({@code spin}, for the meter) and one that fails with a code of its own ({@code refuse}).
 */
public final class Tally implements ChainCode {
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
    switch (method) {
      case "add":
        long by = Args.reader(args).u64("add.by");
        byte[] key = context.caller().hex().getBytes(StandardCharsets.UTF_8);
        long now = Math.addExact(read(context.get(key)), by);
        context.put(key, Args.writer().u64(now).toBytes());
        TreeMap<String, String> event = new TreeMap<>();
        event.put("total", Long.toString(now));
        context.emit("added", event);
        return Outcome.ok(Args.writer().u64(now).toBytes());
      case "spin":
        long turns = 0;
        while (turns >= 0) {
          turns++;
        }
        return Outcome.ok();
      case "refuse":
        throw new ChainCodeException("REFUSED", "tally refuses, as asked");
      default:
        throw new ChainCodeException("UNKNOWN_METHOD", "tally has no method " + method);
    }
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    long total = 0;
    for (QueryContext.KeyValue kv : context.range(null, null, QueryContext.RANGE_LIMIT_MAX)) {
      total += read(kv.value());
    }
    return Outcome.ok(Args.writer().u64(total).toBytes());
  }

  private static long read(byte[] v) {
    return v == null ? 0 : Args.reader(v).u64("tally");
  }

  public static byte[] add(long by) {
    return Args.writer().u64(by).toBytes();
  }
}
