package io.ledgerlab.bench;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;

/** A small contract for the kit and campaign benchmarks: {@code sell(n)} of 1,000 seats. */
public final class BoxOffice implements ChainCode {
  public static final long CAPACITY = 1_000;
  private static final String SOLD = "sold";

  @Override
  public String name() {
    return "boxoffice";
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
    if (sold + n > CAPACITY) {
      throw new ChainCodeException("SOLD_OUT", n + " seats do not fit, " + sold + " sold");
    }
    context.put(SOLD.getBytes(StandardCharsets.UTF_8), Args.writer().u64(sold + n).toBytes());
    return Outcome.ok();
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
