package io.ledgerlab.ledger.exec;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.codec.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A buggy chain code: each method fails with a JDK exception whose text is the JDK's, not ours. The
 * texts differ between JDK builds and flags, which is what receipts must not depend on.
 */
final class ThrowingChainCode implements ChainCode {
  static final String NAME = "faulty";

  /** Null everywhere: dereferencing it throws a "helpful" NullPointerException. */
  private String missing;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  /** The key every call writes first, so a test can see that a failed call's writes are gone. */
  static final byte[] KEY = {1};

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    context.put(KEY, args);
    return switch (method) {
      case "put" -> Outcome.ok();
      case "emit" -> emitTooMany(context);
      case "write" -> write(context, args[0]);
      default -> query(context, method, args);
    };
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    if ("balance".equals(method)) {
      return Outcome.ok(
          new Encoder(8)
              .u64(context.balanceOf(io.ledgerlab.chaincode.Address.of(args)))
              .toByteArray());
    }
    return fail(method, args);
  }

  private static Outcome emitTooMany(CallContext context) {
    for (int i = 0; i <= CallContext.EVENTS_PER_CALL_MAX; i++) {
      context.emit("tick", Map.of());
    }
    return Outcome.ok();
  }

  /** Writes {@code count} values of 60 KiB under keys 2, 3, ... */
  private static Outcome write(CallContext context, int count) {
    for (int i = 0; i < count; i++) {
      context.put(new byte[] {2, (byte) i}, new byte[60 * 1024]);
    }
    return Outcome.ok();
  }

  /** Throws for every known method; the sizes come from {@code args} so javac cannot see them. */
  private Outcome fail(String method, byte[] args) {
    return switch (method) {
      // The message names the field, unless -XX:-ShowCodeDetailsInExceptionMessages.
      case "npe" -> Outcome.ok(missing.getBytes(StandardCharsets.UTF_8));
      // "/ by zero", the same everywhere: a stable text must be dropped all the same.
      case "divide" -> Outcome.ok(new byte[] {(byte) (1 / args.length)});
      case "index" -> Outcome.ok(new byte[] {args[args.length + 7]});
      // JDK 17 says "begin 5, end 3, length 3", JDK 25 "Range [5, 3) out of bounds for length 3".
      case "substring" ->
          Outcome.ok("abc".substring(args.length + 5).getBytes(StandardCharsets.UTF_8));
      default -> Outcome.fail("UNKNOWN_METHOD", "faulty has no method '" + method + "'");
    };
  }
}
