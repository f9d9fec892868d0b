package io.ledgerlab.ledger.sandbox.samples;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small sealed-bid auction, written the way chain code should be: TreeMap, records, lambdas,
 * string concatenation, an enum with a switch, a switch on strings, and the SDK's Args codec.
 */
public final class AuctionSample implements ChainCode {
  private static final String PHASE = "phase";
  private static final String BID_PREFIX = "bid/";

  /** A method, not a static field: a static comparator could be a lambda holding state. */
  private static Comparator<Bid> bestFirst() {
    return Comparator.comparingLong(Bid::amount).reversed().thenComparing(Bid::bidder);
  }

  /** Where the auction is. */
  enum Phase {
    OPEN,
    CLOSED;

    String describe() {
      switch (this) {
        case OPEN:
          return "taking bids";
        case CLOSED:
          return "closed";
        default:
          throw new IllegalStateException();
      }
    }
  }

  /** One bid. */
  record Bid(String bidder, long amount) {}

  @Override
  public String name() {
    return "auction";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    Args.Reader in = Args.reader(args);
    switch (method) {
      case "bid" -> {
        long amount = in.u64("amount");
        in.end("bid");
        if (phase(context) != Phase.OPEN) {
          throw new ChainCodeException("CLOSED", "the auction is " + phase(context).describe());
        }
        if (amount <= 0) {
          throw new ChainCodeException("BAD_BID", "a bid must be positive, not " + amount);
        }
        context.put(key(BID_PREFIX + context.caller().hex()), Args.writer().u64(amount).toBytes());
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("amount", Long.toString(amount));
        context.emit("bid", attributes);
        return Outcome.ok();
      }
      case "close" -> {
        in.end("close");
        context.put(key(PHASE), new byte[] {(byte) Phase.CLOSED.ordinal()});
        return Outcome.ok();
      }
      default -> throw new ChainCodeException("NO_METHOD", "no method " + method);
    }
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    if (!method.equals("leader")) {
      throw new ChainCodeException("NO_METHOD", "no method " + method);
    }
    List<Bid> bids = new ArrayList<>();
    for (QueryContext.KeyValue kv : context.range(key(BID_PREFIX), key("bid0"), 1_000)) {
      String bidder = new String(kv.key(), StandardCharsets.UTF_8).substring(BID_PREFIX.length());
      bids.add(new Bid(bidder, Args.reader(kv.value()).u64("amount")));
    }
    bids.sort(bestFirst());
    TreeMap<Long, Integer> byAmount = new TreeMap<>();
    bids.forEach(b -> byAmount.merge(b.amount(), 1, Integer::sum));
    String answer =
        bids.isEmpty()
            ? "no bids; " + phase(context).describe()
            : bids.get(0)
                + " of "
                + bids.size()
                + " bids, "
                + byAmount.size()
                + " amounts; "
                + phase(context).describe();
    return Outcome.ok(answer.getBytes(StandardCharsets.UTF_8));
  }

  private static Phase phase(QueryContext context) {
    byte[] stored = context.get(key(PHASE));
    return stored == null ? Phase.OPEN : Phase.values()[stored[0]];
  }

  private static byte[] key(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
