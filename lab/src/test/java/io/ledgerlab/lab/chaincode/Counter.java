package io.ledgerlab.lab.chaincode;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** A user chain code for the lab's tests: named counters that only go up. */
public final class Counter implements ChainCode {
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
      throw new ChainCodeException("UNKNOWN_METHOD", "counter has no method " + method);
    }
    Args.Reader in = Args.reader(args);
    String key = in.string("add.key");
    long by = in.u64("add.by");
    in.end("add");
    if (by <= 0) {
      throw new ChainCodeException("NOT_POSITIVE", "add needs a positive amount, got " + by);
    }
    long now = Math.addExact(read(context, key), by);
    context.put(bytes(key), Args.writer().u64(now).toBytes());
    Map<String, String> event = new TreeMap<>();
    event.put("key", key);
    event.put("value", Long.toString(now));
    context.emit("added", event);
    return Outcome.ok(Args.writer().u64(now).toBytes());
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    Args.Reader in = Args.reader(args);
    String key = in.string("get.key");
    in.end("get");
    return Outcome.ok(Args.writer().u64(read(context, key)).toBytes());
  }

  private static long read(QueryContext context, String key) {
    byte[] v = context.get(bytes(key));
    return v == null ? 0 : Args.reader(v).u64("stored");
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] add(String key, long by) {
    return Args.writer().string(key).u64(by).toBytes();
  }

  public static byte[] get(String key) {
    return Args.writer().string(key).toBytes();
  }
}
