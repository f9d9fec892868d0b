package com.example.auction;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.Args;

/**
 * One auction as stored: who sells, the reserve price, the last height that takes bids, the leading
 * bid and whether it is settled. A record, so it cannot be changed in place.
 *
 * @param leader the leading bidder, or null before the first bid
 */
public record Lot(
    Address seller, long reserve, long endHeight, Address leader, long highest, boolean settled) {
  private static final Address NOBODY = Address.of(new byte[Address.LENGTH]);

  public Lot withBid(Address bidder, long amount) {
    return new Lot(seller, reserve, endHeight, bidder, amount, false);
  }

  public Lot settle() {
    return new Lot(seller, reserve, endHeight, leader, highest, true);
  }

  public byte[] encode() {
    return Args.writer()
        .address(seller)
        .u64(reserve)
        .u64(endHeight)
        .address(leader == null ? NOBODY : leader)
        .u64(highest)
        .bool(settled)
        .toBytes();
  }

  public static Lot decode(byte[] bytes) {
    Args.Reader in = Args.reader(bytes);
    Address seller = in.address("lot.seller");
    long reserve = in.u64("lot.reserve");
    long end = in.u64("lot.endHeight");
    Address leader = in.address("lot.leader");
    long highest = in.u64("lot.highest");
    boolean settled = in.bool("lot.settled");
    in.end("lot");
    return new Lot(seller, reserve, end, leader.equals(NOBODY) ? null : leader, highest, settled);
  }
}
