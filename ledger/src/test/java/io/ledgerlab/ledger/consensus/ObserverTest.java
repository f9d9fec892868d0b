package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.observer.ObserverStatus;
import io.ledgerlab.ledger.slashing.SignRecords;
import io.ledgerlab.runtime.log.LogRecord;
import io.ledgerlab.runtime.net.NodeId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An observer follows the chain without signing, and measures what the validators do. */
class ObserverTest {
  private static List<SimNodes.Spec> fourAndAnObserver(Behaviour n3) {
    return List.of(
        SimNodes.validator("n0"),
        SimNodes.validator("n1"),
        SimNodes.validator("n2"),
        SimNodes.validator("n3").with(n3),
        SimNodes.observer("o0"));
  }

  @Test
  void aValidatorThatWithholdsItsVotesMissesEveryCertificate() {
    SimNodes sim = new SimNodes(31, fourAndAnObserver(Behaviour.WITHHOLD_VOTES));
    assertThat(sim.runUntil(() -> sim.node("o0").ledger().height() >= 12, 30_000_000)).isTrue();
    ObserverStatus status = sim.node("o0").observerStatus();
    assertThat(status.role()).isEqualTo("observer");
    // A block decided by consensus is measured when the observer leaves its height.
    assertThat(status.blocks()).isBetween(status.height() - 1, status.height());
    assertThat(sim.get("o0").events("observer.block")).hasSize((int) status.blocks());
    assertThat(status.validators().get("n3").missedRatio()).isEqualTo(1.0);
    for (String n : List.of("n0", "n1", "n2")) {
      // The other three are exactly the quorum: every certificate needs each of them.
      assertThat(status.validators().get(n).missedRatio()).as(n).isZero();
      assertThat(status.validators().get(n).signed()).isEqualTo(status.blocks());
    }
    assertThat(status.validators().get("n3").certificates()).isEqualTo(status.blocks());
    assertThat(status.proposers().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(status.blocks());
    assertThat(status.proposers()).containsKey("n3");
    assertThat(status.divergences()).isEmpty();
    LogRecord first = sim.get("o0").events("observer.block").get(0);
    assertThat(first.fields())
        .containsEntry("height", 1L)
        .containsEntry("signers", List.of("n0", "n1", "n2"))
        .containsEntry("missing", List.of("n3"));
    Block b1 = sim.block("o0", 1).orElseThrow();
    // The first block's parent is the genesis, whose time says nothing of the block interval (a
    // lab process network's genesis is an hour back): it counts as 0 and in no mean.
    assertThat(first.fields())
        .containsEntry("intervalMicros", 0L)
        .containsEntry("proposer", sim.node("o0").validators().name(b1.header().proposer()));
    LogRecord second = sim.get("o0").events("observer.block").get(1);
    Block b2 = sim.block("o0", 2).orElseThrow();
    assertThat(second.fields())
        .containsEntry("intervalMicros", b2.header().timeMicros() - b1.header().timeMicros());
    long last = sim.block("o0", status.blocks()).orElseThrow().header().timeMicros();
    assertThat(status.meanIntervalMicros())
        .isEqualTo((last - b1.header().timeMicros()) / (status.blocks() - 1));
  }

  @Test
  void aSilentProposerCostsARoundChangeAtEachOfItsHeights() {
    SimNodes sim = new SimNodes(32, fourAndAnObserver(Behaviour.SILENT));
    assertThat(sim.runUntil(() -> sim.node("o0").ledger().height() >= 12, 60_000_000)).isTrue();
    ObserverStatus status = sim.node("o0").observerStatus();
    assertThat(status.validators().get("n3").missedRatio()).isEqualTo(1.0);
    assertThat(status.proposers()).doesNotContainKey("n3");
    // n3 is the round-0 proposer of one height in four: each of those needs round 1 or later.
    assertThat(status.roundChanges()).isGreaterThanOrEqualTo(status.blocks() / 4 - 1).isPositive();
    long fromEvents =
        sim.get("o0").events("observer.block").stream()
            .filter(r -> ((Number) r.fields().get("round")).intValue() > 0)
            .count();
    assertThat(status.roundChanges()).isEqualTo(fromEvents);
  }

  @Test
  void anObserverNeverSigns() {
    SimNodes sim = new SimNodes(33, fourAndAnObserver(Behaviour.HONEST));
    assertThat(sim.runUntil(() -> sim.node("o0").ledger().height() >= 5, 20_000_000)).isTrue();
    ConsensusNode o0 = sim.node("o0");
    assertThat(o0.key()).isNull();
    assertThat(o0.role()).isEqualTo("observer");
    assertThat(SignRecords.read(sim.get("o0").disk)).as("no sign-guard record").isEmpty();
    assertThat(o0.consensus().recentlySaid()).as("said nothing at this height").isEmpty();
    for (long h = 1; h <= o0.ledger().height(); h++) {
      var cert = o0.ledger().certificate(h).orElseThrow();
      assertThat(cert.votes()).noneMatch(v -> !o0.validators().contains(v.validator()));
    }
    assertThat(sim.get("o0").events("consensus.sign.refused")).isEmpty();
    assertThat(sim.node("n0").observerStatus().role()).isEqualTo("validator");
    assertThat(sim.get("n0").events("observer.block")).isEmpty();
  }

  @Test
  void peersLearnEachOthersVersions() {
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0"),
            SimNodes.validator("n1"),
            SimNodes.validator("n2"),
            new SimNodes.Spec(
                "n3", true, SimNodes.fast(), Behaviour.HONEST, Canary.NONE, "v2-rc.1"),
            SimNodes.observer("o0"));
    SimNodes sim = new SimNodes(34, specs);
    sim.runFor(2_000_000);
    assertThat(sim.node("o0").peerVersions())
        .isEqualTo(Map.of("n0", "v1", "n1", "v1", "n2", "v1", "n3", "v2-rc.1"));
    assertThat(sim.node("o0").observerStatus().peers()).containsEntry("n3", "v2-rc.1");
    assertThat(sim.node("n3").peerVersions()).containsEntry("o0", "v1").hasSize(4);
    var peerEvents = sim.get("o0").events("observer.peer");
    assertThat(peerEvents).hasSize(4);
    assertThat(peerEvents)
        .anySatisfy(
            r ->
                assertThat(r.fields())
                    .containsEntry("peer", "n3")
                    .containsEntry("version", "v2-rc.1"));
  }

  @Test
  void validatorsWhoseSoftwareMintsDivergeFromAnHonestObserver() {
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0").withCode(Canary.MINT),
            SimNodes.validator("n1").withCode(Canary.MINT),
            SimNodes.validator("n2").withCode(Canary.MINT),
            SimNodes.validator("n3").withCode(Canary.MINT),
            SimNodes.observer("o0"));
    SimNodes sim = new SimNodes(35, specs);
    assertThat(sim.runUntil(() -> sim.node("o0").ledger().height() >= 2, 10_000_000)).isTrue();
    var tx = sim.transfer(0, 1, 0, 5);
    assertThat(sim.node("n1").submit(tx).isOk()).isTrue();
    assertThat(
            sim.runUntil(() -> sim.node("n1").ledger().findTx(tx.hash()).isPresent(), 10_000_000))
        .isTrue();
    long h = sim.node("n1").ledger().findTx(tx.hash()).get().height();
    sim.runFor(10_000_000);
    ConsensusNode o0 = sim.node("o0");
    assertThat(o0.ledger().height()).as("the observer stays below the block").isEqualTo(h - 1);
    assertThat(sim.node("n1").ledger().height()).as("the validators go on").isGreaterThan(h + 3);
    ObserverStatus status = o0.observerStatus();
    assertThat(status.divergenceCount()).isEqualTo(1);
    ObserverStatus.Divergence d = status.divergences().get(0);
    Block diverging = sim.block("n1", h).orElseThrow();
    assertThat(d.height()).isEqualTo(h);
    assertThat(d.field()).isEqualTo("stateRoot");
    assertThat(d.header()).isEqualTo(diverging.header().stateRoot().hex());
    assertThat(d.computed()).isNotEqualTo(d.header());
    var events = sim.get("o0").events("observer.divergence");
    assertThat(events).as("once, however often sync offers the block").hasSize(1);
    assertThat(events.get(0).level()).isEqualTo(io.ledgerlab.runtime.log.EventLog.Level.WARN);
    assertThat(events.get(0).fields())
        .containsEntry("height", h)
        .containsEntry("field", "stateRoot")
        .containsEntry("header", d.header())
        .containsEntry("computed", d.computed());
  }

  @Test
  void anHonestNetworkShowsNoDivergenceAndAlmostNoMissedVotes() {
    SimNodes sim = new SimNodes(36, fourAndAnObserver(Behaviour.HONEST));
    var tx = sim.transfer(0, 1, 0, 5);
    assertThat(sim.node("n0").submit(tx).isOk()).isTrue();
    assertThat(
            sim.runUntil(() -> sim.node("o0").ledger().findTx(tx.hash()).isPresent(), 10_000_000))
        .isTrue();
    sim.runFor(20_000_000);
    ObserverStatus status = sim.node("o0").observerStatus();
    assertThat(status.divergenceCount()).isZero();
    assertThat(sim.get("o0").events("observer.divergence")).isEmpty();
    assertThat(status.blocks()).isGreaterThan(50);
    // A certificate holds just a quorum; the precommits that came after the decision count too.
    for (var e : status.validators().entrySet()) {
      assertThat(e.getValue().missedRatio()).as(e.getKey()).isLessThan(0.05);
    }
    assertThat(status.roundChanges()).isZero();
  }

  @Test
  void anObserverThatCatchesUpBySyncFindsTheDivergenceToo() {
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0").withCode(Canary.MINT),
            SimNodes.validator("n1").withCode(Canary.MINT),
            SimNodes.validator("n2").withCode(Canary.MINT),
            SimNodes.validator("n3").withCode(Canary.MINT),
            SimNodes.observer("o0"));
    SimNodes sim = new SimNodes(37, specs);
    List<String> validators = List.of("n0", "n1", "n2", "n3");
    sim.cut(List.of("o0"), validators);
    assertThat(sim.runUntil(() -> sim.node("n1").ledger().height() >= 2, 10_000_000)).isTrue();
    var tx = sim.transfer(0, 1, 0, 5);
    assertThat(sim.node("n1").submit(tx).isOk()).isTrue();
    assertThat(
            sim.runUntil(() -> sim.node("n1").ledger().findTx(tx.hash()).isPresent(), 10_000_000))
        .isTrue();
    long h = sim.node("n1").ledger().findTx(tx.hash()).get().height();
    sim.runFor(3_000_000);
    assertThat(sim.node("o0").ledger().height()).as("cut off so far").isZero();
    sim.heal(List.of("o0"), validators);
    sim.runFor(10_000_000);
    ConsensusNode o0 = sim.node("o0");
    assertThat(o0.ledger().height()).isEqualTo(h - 1);
    assertThat(sim.get("o0").events("block.committed"))
        .allSatisfy(r -> assertThat(r.fields()).containsEntry("via", "sync"));
    var events = sim.get("o0").events("observer.divergence");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).fields())
        .containsEntry("height", h)
        .containsEntry("field", "stateRoot");
    assertThat(sim.get("o0").events("block.invalid"))
        .as("said once, then the divergence")
        .hasSize(1);
  }

  @Test
  void anObserverThatCatchesUpBySyncCountsNoHonestValidatorAsMissing() {
    SimNodes sim = new SimNodes(38, fourAndAnObserver(Behaviour.HONEST));
    List<String> validators = List.of("n0", "n1", "n2", "n3");
    sim.cut(List.of("o0"), validators);
    sim.runFor(10_000_000);
    assertThat(sim.node("o0").ledger().height()).as("cut off so far").isZero();
    long behind = sim.node("n0").ledger().height();
    assertThat(behind).isGreaterThan(10);
    sim.heal(List.of("o0"), validators);
    sim.runFor(5_000_000);
    ConsensusNode o0 = sim.node("o0");
    assertThat(o0.ledger().height()).isGreaterThanOrEqualTo(behind);
    long synced =
        sim.get("o0").events("block.committed").stream()
            .filter(r -> "sync".equals(r.fields().get("via")))
            .count();
    assertThat(synced).isGreaterThanOrEqualTo(10);
    ObserverStatus status = o0.observerStatus();
    long measured = 0;
    for (var e : status.validators().entrySet()) {
      // A synced certificate often holds three of the four: the fourth is unknown there.
      assertThat(e.getValue().missedRatio()).as(e.getKey()).isLessThan(0.05);
      assertThat(e.getValue().certificates())
          .isEqualTo(e.getValue().signed() + e.getValue().missed());
      measured += e.getValue().certificates();
    }
    assertThat(measured)
        .as("some validators unknown on some blocks")
        .isLessThan(4 * status.blocks());
    LogRecord firstSynced = sim.get("o0").events("observer.block").get(0);
    assertThat(firstSynced.fields()).containsEntry("missing", List.of());
    assertThat((List<?>) firstSynced.fields().get("signers")).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void aPeerThatNeverAnswersHelloIsAskedSixTimesWithGrowingWaits() {
    SimNodes sim = new SimNodes(39, fourAndAnObserver(Behaviour.HONEST));
    sim.runFor(1_000_000);
    // n3 becomes an older build: it receives, never answers a Hello, and takes no part; o0
    // restarts, so it has to learn n3's version anew.
    sim.crash("n3");
    sim.net.restart(NodeId.of("n3"));
    List<Long> hellosFromO0 = new java.util.ArrayList<>();
    sim.net
        .transport(NodeId.of("n3"))
        .bind(
            (from, bytes) -> {
              try {
                if (from.name().equals("o0")
                    && Messages.decode(bytes) instanceof Message.Hello h
                    && !h.reply()) {
                  hellosFromO0.add(sim.scheduler.nowMicros());
                }
              } catch (io.ledgerlab.ledger.codec.DecodeException e) {
                throw new AssertionError(e);
              }
            });
    sim.crash("o0");
    sim.restart("o0");
    // 100 status ticks of one second each.
    sim.runFor(100_000_000);
    assertThat(sim.node("o0").peerVersions()).doesNotContainKey("n3").containsKey("n0");
    assertThat(hellosFromO0)
        .as("on start, then asked after 1, 2, 4, 8, 16, 32 ticks, then never")
        .hasSize(1 + ConsensusNode.HELLO_TRIES_MAX);
    for (int i = 3; i < hellosFromO0.size(); i++) {
      long wait = hellosFromO0.get(i) - hellosFromO0.get(i - 1);
      long before = hellosFromO0.get(i - 1) - hellosFromO0.get(i - 2);
      assertThat(wait).as("wait %d", i).isGreaterThan(before + before / 2);
    }
    assertThat(sim.node("o0").ledger().height()).as("the other three go on").isGreaterThan(20);
  }
}
