package io.ledgerlab.lab.chaincode;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * Version 2 of the built-in {@code kv} as a user jar: {@code put} and {@code delete} as version 1
 * does them (the same writes, results and events), plus a new method, {@code putIfAbsent}. Every
 * old transaction replays to the same receipt under it.
 */
public class KvTwo implements ChainCode {
  @Override
  public String name() {
    return "kv";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    Args.Reader in = Args.reader(args);
    byte[] key = in.bytes(method + ".key");
    if (method.equals("put") || method.equals("putIfAbsent")) {
      byte[] value = in.bytes("put.value");
      in.end(method);
      if (method.equals("putIfAbsent") && context.get(key) != null) {
        return Outcome.ok();
      }
      return put(context, key, value);
    }
    if (method.equals("delete")) {
      in.end("delete");
      boolean existed = context.get(key) != null;
      context.delete(key);
      Map<String, String> event = new TreeMap<>();
      event.put("key", hex(key));
      event.put("existed", existed ? "true" : "false");
      context.emit("delete", event);
      return Outcome.ok();
    }
    return Outcome.fail("UNKNOWN_METHOD", "kv has no method '" + method + "'");
  }

  /** Stores {@code value} under {@code key}, as version 1 does. */
  protected Outcome put(CallContext context, byte[] key, byte[] value) {
    context.put(key, value);
    Map<String, String> event = new TreeMap<>();
    event.put("key", hex(key));
    context.emit("put", event);
    return Outcome.ok();
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    Args.Reader in = Args.reader(args);
    byte[] value = context.get(in.bytes("get.key"));
    return value == null ? Outcome.fail("NOT_FOUND", "no value") : Outcome.ok(value);
  }

  /** Lower-case hex, as version 1 writes keys into its events. */
  protected static String hex(byte[] bytes) {
    String digits = "0123456789abcdef";
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(digits.charAt((b >> 4) & 0xf)).append(digits.charAt(b & 0xf));
    }
    return out.toString();
  }
}
