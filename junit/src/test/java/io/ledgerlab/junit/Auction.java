package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A small auction for the kit's tests: bids must rise, it closes after its deadline. */
public final class Auction implements ChainCode {
  private static final byte[] HIGH = "high".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LEADER = "leader".getBytes(StandardCharsets.UTF_8);

  @Override
  public String name() {
    return "auction";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext ctx, String method, byte[] args) {
    Args.Reader in = Args.reader(args);
    switch (method) {
      case "bid" -> {
        long amount = in.u64("bid.amount");
        in.end("bid");
        if (ctx.blockTimeMicros() > Deadline.MICROS) {
          throw new ChainCodeException("CLOSED", "the auction closed");
        }
        long high = ctx.get(HIGH) == null ? 0 : Args.reader(ctx.get(HIGH)).u64("high");
        // Written before the check on purpose: a failed bid must leave no trace.
        ctx.put(HIGH, Args.writer().u64(amount).toBytes());
        ctx.put(LEADER, Args.writer().address(ctx.caller()).toBytes());
        if (amount <= high) {
          return Outcome.fail("BID_TOO_LOW", "bid " + amount + " is not above " + high);
        }
        ctx.emit("bid", Map.of("amount", Long.toString(amount), "by", ctx.caller().hex()));
        return Outcome.ok();
      }
      case "pay" -> {
        Address to = in.address("pay.to");
        long amount = in.u64("pay.amount");
        in.end("pay");
        if (!ctx.transferFromCaller(to, amount)) {
          throw new ChainCodeException("NO_FUNDS", "the caller cannot pay " + amount);
        }
        return Outcome.ok();
      }
      case "fill" -> {
        long n = in.u64("fill.n");
        for (long i = 0; i < n; i++) {
          ctx.put(Args.writer().u64(i).toBytes(), new byte[] {1});
        }
        return Outcome.ok();
      }
      case "shout" -> {
        long n = in.u64("shout.n");
        for (long i = 0; i < n; i++) {
          ctx.emit("shout", Map.of());
        }
        return Outcome.ok();
      }
      case "bigKey" -> {
        ctx.put(new byte[QueryContext.KEY_BYTES_MAX + 1], new byte[0]);
        return Outcome.ok();
      }
      case "boom" -> {
        ctx.put(HIGH, new byte[0]);
        throw new IllegalStateException("a bug");
      }
      default -> {
        return Outcome.fail("UNKNOWN_METHOD", "no method " + method);
      }
    }
  }

  @Override
  public Outcome query(QueryContext ctx, String method, byte[] args) {
    if ("high".equals(method)) {
      byte[] v = ctx.get(HIGH);
      return v == null ? Outcome.fail("NO_BIDS", "nobody bid yet") : Outcome.ok(v);
    }
    if ("keys".equals(method)) {
      long limit = Args.reader(args).u64("keys.limit");
      return Outcome.ok(Args.writer().u64(ctx.range(null, null, (int) limit).size()).toBytes());
    }
    if ("write".equals(method)) {
      ((CallContext) ctx).put(HIGH, new byte[0]);
    }
    return Outcome.fail("UNKNOWN_METHOD", "no query " + method);
  }

  /** When bidding ends: nested, so that packing it into a jar must bring it along. */
  static final class Deadline {
    static final long MICROS = 1_767_225_600_000_000L + 3_600_000_000L;
  }
}
