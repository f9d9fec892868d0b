package com.example.auction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.junit.Account;
import io.ledgerlab.junit.Network;
import io.ledgerlab.junit.campaign.Action;
import io.ledgerlab.junit.campaign.Campaign;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An invariant campaign: random opens and bids from four accounts, with kills and isolations mixed
 * in, on the simulator. The ghost is what the rules say the leader of each lot should be; the
 * invariant compares it with what the chain holds.
 *
 * <p>With {@code -Dauction.plantedBug=true} the network runs {@link PlantedBugAuction}, where an
 * equal bid takes the lead: the campaign finds it, shrinks it to a few steps, saves it to {@code
 * counterexamples/auction-leader.json} and replays it first on the next run.
 */
class AuctionCampaignTest {
  private static final boolean PLANTED_BUG = Boolean.getBoolean("auction.plantedBug");

  // tag::campaign[]
  /** What the test believes: each lot's leader and highest bid. */
  static final class Ghost {
    final TreeMap<String, Address> leader = new TreeMap<>();
    final TreeMap<String, Long> highest = new TreeMap<>();
    final TreeMap<String, Address> seller = new TreeMap<>();
  }

  @Test
  void theLeaderIsAlwaysTheHighestBidder() {
    Class<? extends Auction> code = PLANTED_BUG ? PlantedBugAuction.class : Auction.class;
    Campaign.<Ghost>named("auction-leader")
        .on(Network.sim().validators(4).seed(3).chainCode(code))
        .ghost(Ghost::new)
        .accounts(4)
        .handler(
            "open",
            1,
            (random, ghost, accounts) -> {
              String lot = "lot" + random.nextInt(3);
              Account seller = accounts.pick(random);
              return Action.call(
                  "open " + lot,
                  seller,
                  "auction",
                  "open",
                  Auction.openArgs(lot, 10, 1_000),
                  (receipt, g) -> {
                    if (receipt.ok()) {
                      g.seller.put(lot, seller.address());
                    }
                  });
            })
        .handler(
            "bid",
            4,
            (random, ghost, accounts) -> {
              if (ghost.seller.isEmpty()) {
                return Action.skip("no lot is open");
              }
              List<String> lots = List.copyOf(ghost.seller.keySet());
              String lot = lots.get(random.nextInt(lots.size()));
              Account bidder = accounts.pick(random);
              long amount = ghost.highest.getOrDefault(lot, 10L) + random.nextInt(3);
              return Action.call(
                  "bid " + amount + " on " + lot,
                  bidder,
                  "auction",
                  "bid",
                  Auction.bidArgs(lot, amount),
                  (receipt, g) -> {
                    // The rules, not the receipt, decide the ghost: a strictly higher bid leads.
                    boolean leads =
                        !bidder.address().equals(g.seller.get(lot))
                            && (!g.highest.containsKey(lot) || amount > g.highest.get(lot));
                    if (leads) {
                      g.leader.put(lot, bidder.address());
                      g.highest.put(lot, amount);
                    }
                  });
            })
        .invariant(
            "the chain's leader is the ghost's",
            (view, ghost) -> {
              for (String lot : ghost.leader.keySet()) {
                Lot onChain =
                    Lot.decode(view.query("auction", "lot", Auction.lotArgs(lot)).result());
                assertThat(onChain.leader())
                    .as("leader of " + lot)
                    .isEqualTo(ghost.leader.get(lot));
                assertThat(onChain.highest())
                    .as("highest of " + lot)
                    .isEqualTo(ghost.highest.get(lot));
              }
            })
        .operations(25)
        .runs(2)
        .faults(1)
        .checkEvery(3)
        .run();
  }
  // end::campaign[]
}
