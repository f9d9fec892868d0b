package com.example.auction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.junit.Account;
import io.ledgerlab.junit.FaultHandle;
import io.ledgerlab.junit.LabNetwork;
import io.ledgerlab.junit.Network;
import org.junit.jupiter.api.Test;

/**
 * The contract on four validators in the simulator: installed from this project's classes through
 * the node's sandbox, called through consensus, under a partition and a crash. After each test the
 * extension heals the network and asserts the lab's checks (no fork, equal state on every node,
 * nothing acknowledged lost).
 */
class AuctionNetworkTest {
  // tag::network[]
  @LabNetwork
  static Network net =
      Network.sim().validators(4).accounts(4).seed(7).chainCode(Auction.class).build();

  @Test
  void anAuctionRunsThroughAPartitionAndACrash() {
    Account seller = net.account(0);
    Account alice = net.account(1);
    Account bob = net.account(2);
    net.as(seller).call("auction", "open", Auction.openArgs("lamp", 10, 30)).assertOk();

    try (FaultHandle cut = net.partition("n3").from("n0", "n1", "n2")) {
      net.as(alice).call("auction", "bid", Auction.bidArgs("lamp", 20)).assertOk();
    }
    net.kill("n1");
    net.as(bob).call("auction", "bid", Auction.bidArgs("lamp", 25)).assertOk();
    net.start("n1");
    net.awaitHeight("n1", net.height());

    Lot lot = Lot.decode(net.query("n1", "auction", "lot", Auction.lotArgs("lamp")).result());
    assertThat(lot.leader()).isEqualTo(bob.address());
    assertThat(lot.highest()).isEqualTo(25);
  }

  // end::network[]

  @Test
  void aRejectedBidIsAReceiptOnEveryNode() {
    Account seller = net.account(0);
    net.as(seller).call("auction", "open", Auction.openArgs("rug", 50, 30)).assertOk();
    net.as(net.account(3))
        .call("auction", "bid", Auction.bidArgs("rug", 10))
        .assertFails("BELOW_RESERVE");
  }
}
