package io.ledgerlab.junit;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeLimitException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Chain code at the edges of the node's limits, for the kit's own tests. */
final class KitEdges implements ChainCode {
  @Override
  public String name() {
    return "edges";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    switch (method) {
      case "nearlyFullThenTooMuchThenSmall":
        // 15 writes of 64 KiB leave 64 KiB of the call's 1 MiB; one of 64 KiB + 256 is refused,
        // caught, and a 2-byte write still fits, as on a node.
        for (int i = 0; i < 15; i++) {
          context.put(new byte[] {(byte) i}, new byte[CallContext.VALUE_BYTES_MAX - 1]);
        }
        try {
          context.put(new byte[CallContext.KEY_BYTES_MAX], new byte[CallContext.VALUE_BYTES_MAX]);
          return Outcome.fail("NOT_REFUSED", "a write past the call's bytes was accepted");
        } catch (ChainCodeLimitException expected) {
          context.put(new byte[] {99}, new byte[] {1});
          return Outcome.ok();
        }
      case "lyingMap":
        TreeMap<String, String> many = new TreeMap<>();
        for (int i = 0; i < 40; i++) {
          many.put("a" + i, "v");
        }
        context.emit(
            "many",
            new AbstractMap<String, String>() {
              @Override
              public Set<Map.Entry<String, String>> entrySet() {
                return many.entrySet();
              }

              @Override
              public int size() {
                return 1;
              }
            });
        return Outcome.ok();
      case "loneSurrogateType":
        context.emit("bad\uD800", new TreeMap<>());
        return Outcome.ok();
      case "loneSurrogateValue":
        TreeMap<String, String> attrs = new TreeMap<>();
        attrs.put("k", "\uDC00");
        context.emit("ok", attrs);
        return Outcome.ok();
      default:
        return Outcome.fail("UNKNOWN_METHOD", method);
    }
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok();
  }
}
