package com.example.auction;

/** The auction with a planted bug: an equal bid takes the lead. For the campaign to find. */
public class PlantedBugAuction extends Auction {
  @Override
  protected boolean outbids(long amount, long highest) {
    return amount >= highest;
  }
}
