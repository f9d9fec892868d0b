package com.example.auction;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * English auctions of named lots, paid in the chain's native token.
 *
 * <ul>
 *   <li>{@code open(lot, reserve, blocks)}: the caller sells {@code lot}; bids are taken for {@code
 *       blocks} blocks and must reach {@code reserve}.
 *   <li>{@code bid(lot, amount)}: a bid must beat the leading one and be covered by the bidder's
 *       balance; the seller cannot bid.
 *   <li>{@code settle(lot)}: after the end, the winner pays the seller (or the seller closes a lot
 *       nobody bid on).
 *   <li>query {@code lot(lot)}: the stored {@link Lot}.
 * </ul>
 *
 * Failures are {@link ChainCodeException}s with stable codes, so every validator writes the same
 * receipt.
 */
public class Auction implements ChainCode {
  public static final String NAME = "auction";
  public static final long BLOCKS_MAX = 10_000;

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
    Args.Reader in = Args.reader(args);
    String lot = in.string(method + ".lot");
    switch (method) {
      case "open":
        long reserve = in.u64("open.reserve");
        long blocks = in.u64("open.blocks");
        in.end("open");
        return open(context, lot, reserve, blocks);
      case "bid":
        long amount = in.u64("bid.amount");
        in.end("bid");
        return bid(context, lot, amount);
      case "settle":
        in.end("settle");
        return settle(context, lot);
      default:
        throw new ChainCodeException("UNKNOWN_METHOD", "auction has no method " + method);
    }
  }

  private Outcome open(CallContext context, String lot, long reserve, long blocks) {
    if (blocks < 1 || blocks > BLOCKS_MAX) {
      throw new ChainCodeException("BAD_DURATION", "blocks must be 1.." + BLOCKS_MAX);
    }
    if (context.get(key(lot)) != null) {
      throw new ChainCodeException("LOT_EXISTS", "lot " + lot + " is already open");
    }
    Lot opened = new Lot(context.caller(), reserve, context.height() + blocks, null, 0, false);
    context.put(key(lot), opened.encode());
    context.emit("opened", attributes("lot", lot, "endHeight", Long.toString(opened.endHeight())));
    return Outcome.ok();
  }

  private Outcome bid(CallContext context, String lot, long amount) {
    Lot current = find(context, lot);
    if (current.settled() || context.height() > current.endHeight()) {
      throw new ChainCodeException("AUCTION_CLOSED", "lot " + lot + " takes no more bids");
    }
    if (context.caller().equals(current.seller())) {
      throw new ChainCodeException("SELLER_CANNOT_BID", "the seller of " + lot + " cannot bid");
    }
    if (amount < current.reserve()) {
      throw new ChainCodeException("BELOW_RESERVE", amount + " is below the reserve");
    }
    if (current.leader() != null && !outbids(amount, current.highest())) {
      throw new ChainCodeException(
          "BID_TOO_LOW", amount + " does not beat the leading " + current.highest());
    }
    if (context.balanceOf(context.caller()) < amount) {
      throw new ChainCodeException("INSUFFICIENT_FUNDS", "the bidder cannot cover " + amount);
    }
    context.put(key(lot), current.withBid(context.caller(), amount).encode());
    context.emit("bid", attributes("lot", lot, "amount", Long.toString(amount)));
    return Outcome.ok();
  }

  /** Whether {@code amount} takes the lead from {@code highest}. */
  protected boolean outbids(long amount, long highest) {
    return amount > highest;
  }

  private Outcome settle(CallContext context, String lot) {
    Lot current = find(context, lot);
    if (current.settled()) {
      throw new ChainCodeException("ALREADY_SETTLED", "lot " + lot + " is settled");
    }
    if (context.height() <= current.endHeight()) {
      throw new ChainCodeException("AUCTION_OPEN", "lot " + lot + " takes bids until its end");
    }
    Address payer = current.leader() == null ? current.seller() : current.leader();
    if (!context.caller().equals(payer)) {
      throw new ChainCodeException("NOT_THE_WINNER", "only " + payer + " can settle " + lot);
    }
    if (current.leader() != null
        && !context.transferFromCaller(current.seller(), current.highest())) {
      throw new ChainCodeException(
          "INSUFFICIENT_FUNDS", "the winner cannot pay " + current.highest());
    }
    context.put(key(lot), current.settle().encode());
    context.emit("settled", attributes("lot", lot, "price", Long.toString(current.highest())));
    return Outcome.ok();
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    if (!method.equals("lot")) {
      throw new ChainCodeException("UNKNOWN_METHOD", "auction has no query " + method);
    }
    Args.Reader in = Args.reader(args);
    String lot = in.string("lot.lot");
    in.end("lot");
    return Outcome.ok(find(context, lot).encode());
  }

  private static Lot find(QueryContext context, String lot) {
    byte[] stored = context.get(key(lot));
    if (stored == null) {
      throw new ChainCodeException("NO_SUCH_LOT", "no lot " + lot);
    }
    return Lot.decode(stored);
  }

  private static byte[] key(String lot) {
    byte[] name = lot.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length > 64) {
      throw new ChainCodeException("BAD_LOT", "a lot is named by 1 to 64 bytes");
    }
    return name;
  }

  private static Map<String, String> attributes(String k1, String v1, String k2, String v2) {
    Map<String, String> out = new TreeMap<>();
    out.put(k1, v1);
    out.put(k2, v2);
    return out;
  }

  // ---- Arguments, for clients and tests ---------------------------------------------------------

  public static byte[] openArgs(String lot, long reserve, long blocks) {
    return Args.writer().string(lot).u64(reserve).u64(blocks).toBytes();
  }

  public static byte[] bidArgs(String lot, long amount) {
    return Args.writer().string(lot).u64(amount).toBytes();
  }

  public static byte[] lotArgs(String lot) {
    return Args.writer().string(lot).toBytes();
  }
}
