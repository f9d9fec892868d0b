package io.ledgerlab.ledger.chaincode;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hex;
import java.util.Map;

/** A key-value store for YCSB-like workloads: put, delete, get. */
public final class KvChainCode implements ChainCode {
  public static final String NAME = "kv";
  public static final int KEY_BYTES_MAX = 256;
  public static final int VALUE_BYTES_MAX = 16 * 1024;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  public static byte[] putArgs(byte[] key, byte[] value) {
    return new Encoder(8 + key.length + value.length)
        .bytes(key, KEY_BYTES_MAX)
        .bytes(value, VALUE_BYTES_MAX)
        .toByteArray();
  }

  public static byte[] keyArgs(byte[] key) {
    return new Encoder(4 + key.length).bytes(key, KEY_BYTES_MAX).toByteArray();
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    try {
      Decoder in = new Decoder(args);
      byte[] key = in.bytes(method + ".key", KEY_BYTES_MAX);
      switch (method) {
        case "put":
          byte[] value = in.bytes("put.value", VALUE_BYTES_MAX);
          in.end("put");
          context.put(key, value);
          context.emit("put", Map.of("key", Hex.encode(key)));
          return Outcome.ok();
        case "delete":
          in.end("delete");
          boolean existed = context.get(key) != null;
          context.delete(key);
          context.emit(
              "delete", Map.of("key", Hex.encode(key), "existed", Boolean.toString(existed)));
          return Outcome.ok();
        default:
          return Outcome.fail("UNKNOWN_METHOD", "kv has no method '" + method + "'");
      }
    } catch (DecodeException e) {
      return Outcome.fail("BAD_ARGS", e.getMessage());
    }
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    if (!"get".equals(method)) {
      return Outcome.fail("UNKNOWN_METHOD", "kv has no query '" + method + "'");
    }
    try {
      Decoder in = new Decoder(args);
      byte[] key = in.bytes("get.key", KEY_BYTES_MAX);
      in.end("get");
      byte[] value = context.get(key);
      return value == null
          ? Outcome.fail("NOT_FOUND", "no value under " + Hex.encode(key))
          : Outcome.ok(value);
    } catch (DecodeException e) {
      return Outcome.fail("BAD_ARGS", e.getMessage());
    }
  }
}
