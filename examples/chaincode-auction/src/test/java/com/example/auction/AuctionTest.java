package com.example.auction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.junit.ChainCodeKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unit tests: the contract against an in-memory context, no network, milliseconds each. */
class AuctionTest {
  // tag::unit[]
  private final Address seller = ChainCodeKit.account("seller");
  private final Address alice = ChainCodeKit.account("alice");
  private final Address bob = ChainCodeKit.account("bob");
  private ChainCodeKit kit;

  @BeforeEach
  void openALot() {
    kit = ChainCodeKit.of(Auction.class).fund(alice, 1_000).fund(bob, 1_000);
    kit.as(seller).invoke("open", Auction.openArgs("vase", 100, 10)).assertOk();
  }

  @Test
  void theHighestBidLeadsAndTheWinnerPaysTheSeller() {
    kit.as(alice).invoke("bid", Auction.bidArgs("vase", 150)).assertOk();
    kit.as(bob).invoke("bid", Auction.bidArgs("vase", 200)).assertOk().assertEvent("bid");
    kit.as(alice).invoke("bid", Auction.bidArgs("vase", 200)).assertFails("BID_TOO_LOW");

    kit.atHeight(kit.height() + 11);
    kit.as(bob).invoke("settle", Auction.lotArgs("vase")).assertOk();

    assertThat(kit.balanceOf(seller)).isEqualTo(200);
    assertThat(kit.balanceOf(bob)).isEqualTo(800);
  }

  // end::unit[]

  @Test
  void bidsBelowTheReserveOrBeyondTheBalanceFail() {
    kit.as(alice).invoke("bid", Auction.bidArgs("vase", 99)).assertFails("BELOW_RESERVE");
    kit.as(alice).invoke("bid", Auction.bidArgs("vase", 1_001)).assertFails("INSUFFICIENT_FUNDS");
    kit.as(seller).invoke("bid", Auction.bidArgs("vase", 500)).assertFails("SELLER_CANNOT_BID");
  }

  @Test
  void aClosedLotTakesNoBidsAndSettlesOnce() {
    kit.as(alice).invoke("bid", Auction.bidArgs("vase", 100)).assertOk();
    kit.as(alice).invoke("settle", Auction.lotArgs("vase")).assertFails("AUCTION_OPEN");
    kit.atHeight(kit.height() + 11);
    kit.as(bob).invoke("bid", Auction.bidArgs("vase", 300)).assertFails("AUCTION_CLOSED");
    kit.as(bob).invoke("settle", Auction.lotArgs("vase")).assertFails("NOT_THE_WINNER");
    kit.as(alice).invoke("settle", Auction.lotArgs("vase")).assertOk();
    kit.as(alice).invoke("settle", Auction.lotArgs("vase")).assertFails("ALREADY_SETTLED");
  }

  @Test
  void aFailedCallLeavesNoTrace() {
    byte[] before =
        kit.stored(Auction.NAME, "vase".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    kit.as(alice).invoke("bid", Auction.bidArgs("vase", 5_000)).assertFails("INSUFFICIENT_FUNDS");
    assertThat(kit.stored(Auction.NAME, "vase".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo(before);
  }

  @Test
  void malformedArgumentsAreAStableFailure() {
    kit.as(alice).invoke("bid", new byte[] {1, 2, 3}).assertFails("BAD_ARGS");
    kit.as(alice).invoke("steal", Auction.lotArgs("vase")).assertFails("UNKNOWN_METHOD");
  }

  @Test
  void theLotReadsBack() {
    kit.as(alice).invoke("bid", Auction.bidArgs("vase", 120)).assertOk();
    Lot lot = Lot.decode(kit.query("lot", Auction.lotArgs("vase")).assertOk().result());
    assertThat(lot.leader()).isEqualTo(alice);
    assertThat(lot.highest()).isEqualTo(120);
    assertThat(lot.seller()).isEqualTo(seller);
  }
}
