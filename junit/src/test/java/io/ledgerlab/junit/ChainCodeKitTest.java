package io.ledgerlab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.QueryContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The in-memory kit keeps the chain's receipt semantics, limits and time, in milliseconds. */
class ChainCodeKitTest {
  private final ChainCodeKit kit = ChainCodeKit.of(new Auction());
  private final Address alice = ChainCodeKit.account("alice");
  private final Address bob = ChainCodeKit.account("bob");

  private static byte[] u64(long v) {
    return Args.writer().u64(v).toBytes();
  }

  private long high() {
    return kit.query("high", new byte[0]).assertOk().reader().u64("high");
  }

  @Test
  void aSuccessfulCallKeepsItsWritesAndEventsAndKnowsItsCaller() {
    Receipt r = kit.as(alice).invoke("bid", u64(10)).assertOk();

    assertThat(r.assertEvent("bid").attribute("by")).isEqualTo(alice.hex());
    assertThat(r.height()).isEqualTo(1);
    assertThat(high()).isEqualTo(10);
    assertThat(kit.events()).hasSize(1);
  }

  @Test
  void aFailedOutcomeRollsBackEveryWriteAndKeepsNoEvents() {
    kit.as(alice).invoke("bid", u64(10)).assertOk();

    Receipt r = kit.as(bob).invoke("bid", u64(5)).assertFails("BID_TOO_LOW");

    assertThat(r.events()).isEmpty();
    assertThat(high()).as("the low bid's put was discarded").isEqualTo(10);
    assertThat(kit.events()).hasSize(1);
  }

  @Test
  void aChainCodeExceptionIsAFailedReceiptWithItsCodeAndBadArgsTooIsOne() {
    kit.nextBlock(Duration.ofHours(2));
    kit.as(alice).invoke("bid", u64(10)).assertFails("CLOSED");
    kit.as(alice).invoke("bid", new byte[3]).assertFails(Args.BAD_ARGS);
  }

  @Test
  void anyOtherExceptionIsChainCodeErrorAndRollsBackButKeepsTheCauseForTheTest() {
    kit.as(alice).invoke("bid", u64(10)).assertOk();

    Receipt r = kit.invoke("boom", new byte[0]).assertFails("CHAIN_CODE_ERROR");

    assertThat(r.thrown()).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
    assertThat(high()).isEqualTo(10);
    assertThatThrownBy(r::assertOk)
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("CHAIN_CODE_ERROR")
        .hasRootCauseMessage("a bug");
  }

  @Test
  void theNodesLimitsApplyAndBreakingOneIsLimitExceeded() {
    kit.invoke("bigKey", new byte[0]).assertFails("LIMIT_EXCEEDED");
    kit.invoke("fill", u64(CallContext.WRITES_PER_CALL_MAX)).assertOk();
    kit.invoke("fill", u64(CallContext.WRITES_PER_CALL_MAX + 1L)).assertFails("LIMIT_EXCEEDED");
    kit.invoke("shout", u64(CallContext.EVENTS_PER_CALL_MAX)).assertOk();
    kit.invoke("shout", u64(CallContext.EVENTS_PER_CALL_MAX + 1L)).assertFails("LIMIT_EXCEEDED");
    kit.query("keys", u64(QueryContext.RANGE_LIMIT_MAX + 1L)).assertFails("CHAIN_CODE_ERROR");
    assertThat(kit.query("keys", u64(QueryContext.RANGE_LIMIT_MAX)).reader().u64("n"))
        .isEqualTo(QueryContext.RANGE_LIMIT_MAX);
    assertThat(kit.size("auction")).isEqualTo(CallContext.WRITES_PER_CALL_MAX);
  }

  @Test
  void aQueryCannotWrite() {
    kit.query("write", new byte[0]).assertFails("CHAIN_CODE_ERROR");
    kit.query("high", new byte[0]).assertFails("NO_BIDS");
  }

  @Test
  void transfersMoveOnlyTheCallersFundsAndFailCleanlyWhenShort() {
    kit.fund(alice, 100);

    kit.as(alice).invoke("pay", Args.writer().address(bob).u64(30).toBytes()).assertOk();
    kit.as(bob)
        .invoke("pay", Args.writer().address(alice).u64(31).toBytes())
        .assertFails("NO_FUNDS");

    assertThat(kit.balanceOf(alice)).isEqualTo(70);
    assertThat(kit.balanceOf(bob)).isEqualTo(30);
  }

  @Test
  void heightAndBlockTimeMoveOnlyWhenTheTestSaysAndNeverBack() {
    long t0 = kit.blockTimeMicros();
    kit.nextBlock().nextBlock(Duration.ofMinutes(1));

    assertThat(kit.height()).isEqualTo(3);
    assertThat(kit.blockTimeMicros()).isEqualTo(t0 + 61_000_000L);
    assertThatThrownBy(() -> kit.atHeight(2)).hasMessageContaining("cannot go back");
  }

  @Test
  void revertPutsBackStateBalancesTimeAndCaller() {
    kit.fund(alice, 50).as(alice).invoke("bid", u64(10)).assertOk();
    ChainCodeKit.Snapshot before = kit.snapshot();

    kit.as(bob).invoke("bid", u64(20)).assertOk();
    kit.as(alice).invoke("pay", Args.writer().address(bob).u64(50).toBytes()).assertOk();
    kit.nextBlock(Duration.ofHours(3));
    kit.revert(before);

    assertThat(high()).isEqualTo(10);
    assertThat(kit.balanceOf(alice)).isEqualTo(50);
    assertThat(kit.height()).isEqualTo(1);
    assertThat(kit.caller()).isEqualTo(alice);
    kit.as(bob).invoke("bid", u64(11)).assertOk();
  }

  @Test
  void namedAccountsAreStableAndDistinct() {
    assertThat(ChainCodeKit.account("alice")).isEqualTo(alice).isNotEqualTo(bob);
  }

  @Test
  void assertFailsSaysWhatHappenedInstead() {
    assertThatThrownBy(() -> kit.invoke("bid", u64(1)).assertFails("CLOSED"))
        .hasMessageContaining("succeeded");
    assertThatThrownBy(() -> kit.invoke("bid", u64(1)).assertFails("CLOSED"))
        .hasMessageContaining("BID_TOO_LOW");
  }
}
