package com.example.tally;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;

/**
 * Version 2 of the tally that breaks history: {@code add} now caps each amount at 500, a rule
 * version 1 never had. An old transaction that added more than 500 gives another total under it,
 * so a replay of the chain under this version is INVALID and names that transaction.
 */
public final class Tally implements ChainCode {
  @Override
  public String name() {
    return "tally";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    if (!method.equals("add")) {
      throw new ChainCodeException("UNKNOWN_METHOD", "tally has no method " + method);
    }
    long amount = Math.min(u64(args), 500);
    long total = Math.addExact(read(context, context.caller()), amount);
    context.put(key(context.caller()), bytes(total));
    return Outcome.ok(bytes(total));
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    if (!method.equals("total") || args.length != Address.LENGTH) {
      throw new ChainCodeException("BAD_QUERY", "query total with a 20-byte address");
    }
    return Outcome.ok(bytes(read(context, Address.of(args))));
  }

  static long read(QueryContext context, Address account) {
    byte[] v = context.get(key(account));
    return v == null ? 0 : u64(v);
  }

  static byte[] key(Address account) {
    byte[] a = account.bytes();
    byte[] k = new byte[a.length + 1];
    k[0] = 't';
    for (int i = 0; i < a.length; i++) {
      k[i + 1] = a[i];
    }
    return k;
  }

  static long u64(byte[] b) {
    if (b.length != 8) {
      throw new ChainCodeException("BAD_ARGS", "expected 8 bytes, got " + b.length);
    }
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xff);
    }
    return v;
  }

  static byte[] bytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
