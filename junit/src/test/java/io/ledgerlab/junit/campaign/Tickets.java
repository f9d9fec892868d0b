package io.ledgerlab.junit.campaign;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;

/** A box office of {@value #CAPACITY} seats: {@code sell(n)} sells n of what is left. */
public class Tickets implements ChainCode {
  public static final long CAPACITY = 10;
  private static final String SOLD = "sold";

  @Override
  public String name() {
    return "tickets";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    Args.Reader in = Args.reader(args);
    long n = in.u64("sell.n");
    in.end("sell");
    long sold = sold(context);
    if (!fits(sold, n)) {
      throw new ChainCodeException("SOLD_OUT", n + " seats do not fit, " + sold + " sold");
    }
    context.put(SOLD.getBytes(StandardCharsets.UTF_8), Args.writer().u64(sold + n).toBytes());
    return Outcome.ok();
  }

  /** Whether {@code n} more seats fit after {@code sold}. */
  protected boolean fits(long sold, long n) {
    return sold + n <= CAPACITY;
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return Outcome.ok(Args.writer().u64(sold(context)).toBytes());
  }

  private static long sold(QueryContext context) {
    byte[] v = context.get(SOLD.getBytes(StandardCharsets.UTF_8));
    return v == null ? 0 : Args.reader(v).u64("sold");
  }

  public static byte[] sell(long n) {
    return Args.writer().u64(n).toBytes();
  }
}
