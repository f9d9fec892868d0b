package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.block.VoteType;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.sim.LinkFault;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vote relay: four validators whose halves {n0, n1} and {n2, n3} have no direct link, and one
 * observer linked to all of them. Neither half holds a quorum, so nothing commits unless the
 * observer passes the proposals and votes on.
 */
class RelayTest {
  private static final long SECONDS_20 = 20_000_000;

  private static SimNodes split(boolean relay) {
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0"),
            SimNodes.validator("n1"),
            SimNodes.validator("n2"),
            SimNodes.validator("n3"),
            SimNodes.observer("o0").with(SimNodes.fast().withRelay(relay)));
    SimNodes sim = new SimNodes(11, specs);
    sim.cut(List.of("n0", "n1"), List.of("n2", "n3"));
    return sim;
  }

  @Test
  void withoutRelayNoBlockCommitsAcrossTheMissingLinks() {
    SimNodes sim = split(false);
    sim.runFor(SECONDS_20);
    for (String n : List.of("n0", "n1", "n2", "n3", "o0")) {
      assertThat(sim.node(n).ledger().height()).as(n).isZero();
    }
    assertThat(sim.node("o0").relayedVotes()).isZero();
  }

  @Test
  void withRelayTheValidatorsFormQuorumsThroughTheObserverAndAgree() {
    SimNodes sim = split(true);
    sim.runFor(SECONDS_20);
    long common = Long.MAX_VALUE;
    for (String n : List.of("n0", "n1", "n2", "n3", "o0")) {
      common = Math.min(common, sim.node(n).ledger().height());
    }
    assertThat(common).as("every node's height").isGreaterThanOrEqualTo(5);
    for (long h = 1; h <= common; h++) {
      var hash = sim.block("o0", h).orElseThrow().hash();
      for (String n : List.of("n0", "n1", "n2", "n3")) {
        assertThat(sim.block(n, h).orElseThrow().hash()).as("%s at %d", n, h).isEqualTo(hash);
      }
    }
    ConsensusNode o0 = sim.node("o0");
    assertThat(o0.relayedVotes()).isPositive();
    assertThat(o0.relayedProposals()).isPositive();
    // Each distinct message once per peer but its sender: never more proposals than rounds seen.
    assertThat(o0.relayedProposals()).isLessThanOrEqualTo(o0.relayedVotes());
  }

  @Test
  void aVoteIsRelayedOnceHoweverOftenItArrives() {
    // Every link intact: each validator's retransmissions bring the same votes again and again.
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0"),
            SimNodes.validator("n1"),
            SimNodes.validator("n2"),
            SimNodes.validator("n3"),
            SimNodes.observer("o0").with(SimNodes.fast().withRelay(true)));
    SimNodes sim = new SimNodes(12, specs);
    sim.runFor(5_000_000);
    long height = sim.node("o0").ledger().height();
    assertThat(height).isGreaterThanOrEqualTo(3);
    // Four validators, two steps, a round or so per height: far fewer than the copies received.
    long votesSeen = sim.net.deliveredMessages();
    assertThat(sim.node("o0").relayedVotes()).isLessThan(votesSeen / 4);
    assertThat(sim.node("o0").relayedVotes()).isLessThanOrEqualTo((height + 2) * 4 * 2 * 3);
  }

  @Test
  void aNextHeightVoteKeptWhileWaitingIsRelayedOnEnteringThatHeightAndABadOneNever() {
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0"),
            SimNodes.validator("n1"),
            SimNodes.validator("n2"),
            SimNodes.validator("n3"),
            // A long commit wait: the validators move on while the observer still waits.
            SimNodes.observer("o0")
                .with(SimNodes.fast().withRelay(true).withTimeoutCommitMicros(250_000)));
    SimNodes sim = new SimNodes(13, specs);
    ConsensusNode o0 = sim.node("o0");
    assertThat(
            sim.runUntil(
                () -> o0.ledger().height() >= 2 && o0.consensus().height() == o0.ledger().height(),
                10_000_000))
        .isTrue();
    long next = o0.ledger().height() + 1;
    // Round 60 of the next height: valid, and far beyond any round the validators will sign.
    Vote vote =
        Vote.sign(SimNodes.CHAIN_ID, sim.node("n0").key(), VoteType.PREVOTE, next, 60, Vote.NIL);
    Vote forged =
        Vote.sign(SimNodes.CHAIN_ID, sim.node("n1").key(), VoteType.PREVOTE, next, 61, Vote.NIL);
    Vote badSignature =
        new Vote(
            forged.type(),
            forged.height(),
            forged.round(),
            forged.blockHash(),
            sim.node("n2").key().address(),
            forged.signature());
    byte[] good = Messages.encode(new Message.VoteMsg(vote));
    byte[] bad = Messages.encode(new Message.VoteMsg(badSignature));
    o0.onMessage(NodeId.of("n0"), good);
    o0.onMessage(NodeId.of("n0"), bad);
    assertThat(o0.relayedAtThisHeight(Sha256.hash(good))).as("kept, not yet relayed").isFalse();
    // Step by step: the moment it enters the next height, before it moves past it.
    for (int i = 0; i < 1_000_000 && o0.consensus().height() < next; i++) {
      sim.scheduler.step();
    }
    assertThat(o0.consensus().height()).isEqualTo(next);
    assertThat(o0.relayedAtThisHeight(Sha256.hash(good))).as("relayed on entering").isTrue();
    assertThat(o0.relayedAtThisHeight(Sha256.hash(bad))).as("a bad signature never").isFalse();
    assertThat(sim.get("o0").events("consensus.vote.invalid"))
        .anySatisfy(r -> assertThat(r.fields()).containsEntry("reason", "signature"));
  }

  @Test
  void relayPassesOnAtMostTwoVotesPerValidatorRoundAndTypeAndNoneConsensusDrops() {
    // Two silent validators of four: no quorum, so the height never changes under the test.
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0"),
            SimNodes.validator("n1"),
            SimNodes.validator("n2").with(Behaviour.SILENT),
            SimNodes.validator("n3").with(Behaviour.SILENT),
            SimNodes.observer("o0").with(SimNodes.fast().withRelay(true)));
    SimNodes sim = new SimNodes(14, specs);
    sim.runFor(2_000_000);
    ConsensusNode o0 = sim.node("o0");
    assertThat(o0.consensus().height()).isEqualTo(1);
    int ahead = o0.consensus().round() + 10;
    long before = o0.relayedVotes();
    byte[] third = null;
    for (int i = 0; i < 10; i++) {
      third = vote(sim, "n0", VoteType.PREVOTE, 1, ahead, i);
      o0.onMessage(NodeId.of("n0"), third);
    }
    assertThat(o0.relayedVotes() - before).as("the first and the equivocating second").isEqualTo(2);
    assertThat(o0.relayedAtThisHeight(Sha256.hash(third))).isFalse();
    // Beyond consensus' window of rounds ahead: consensus drops it, so the relay does too.
    byte[] far = vote(sim, "n1", VoteType.PREVOTE, 1, o0.consensus().round() + 1_000, 0);
    o0.onMessage(NodeId.of("n1"), far);
    assertThat(o0.relayedVotes() - before).isEqualTo(2);
    assertThat(o0.relayedAtThisHeight(Sha256.hash(far))).isFalse();
    // A vote already held (a retransmission) is not passed on again.
    byte[] first = vote(sim, "n0", VoteType.PREVOTE, 1, ahead, 0);
    o0.onMessage(NodeId.of("n0"), first);
    assertThat(o0.relayedVotes() - before).isEqualTo(2);
    assertThat(o0.consensus().height()).as("still the same height").isEqualTo(1);
  }

  @Test
  void relayPassesOnOneProposalPerRound() {
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0"),
            SimNodes.validator("n1"),
            SimNodes.validator("n2").with(Behaviour.SILENT),
            SimNodes.validator("n3").with(Behaviour.SILENT),
            SimNodes.observer("o0").with(SimNodes.fast().withRelay(true)));
    SimNodes sim = new SimNodes(16, specs);
    sim.runFor(2_000_000);
    ConsensusNode o0 = sim.node("o0");
    assertThat(o0.consensus().height()).isEqualTo(1);
    int ahead = o0.consensus().round() + 10;
    long before = o0.relayedProposals();
    byte[] first = proposal(sim, 1, ahead, 1);
    byte[] second = proposal(sim, 1, ahead, 2);
    o0.onMessage(NodeId.of("n0"), first);
    o0.onMessage(NodeId.of("n0"), second);
    assertThat(o0.relayedProposals() - before).as("the round's first proposal only").isEqualTo(1);
    assertThat(o0.relayedAtThisHeight(Sha256.hash(first))).isTrue();
    assertThat(o0.relayedAtThisHeight(Sha256.hash(second))).isFalse();
    byte[] far = proposal(sim, 1, o0.consensus().round() + 1_000, 1);
    o0.onMessage(NodeId.of("n0"), far);
    assertThat(o0.relayedProposals() - before).as("beyond the window of rounds").isEqualTo(1);
  }

  /** A valid proposal of round {@code r} by its proposer, its block made distinct by {@code i}. */
  private static byte[] proposal(SimNodes sim, long h, int r, int i) {
    ConsensusNode any = sim.node("o0");
    var proposer = any.validators().proposer(h, r);
    String name = any.validators().name(proposer);
    var block =
        any.ledger()
            .executor()
            .propose(
                SimNodes.CHAIN_ID,
                any.ledger().head(),
                List.of(),
                SimNodes.START_MICROS + i,
                proposer,
                io.ledgerlab.ledger.block.CommitCertificate.EMPTY,
                List.of())
            .block();
    Proposal p = Proposal.sign(SimNodes.CHAIN_ID, sim.node(name).key(), h, r, -1, block);
    return Messages.encode(new Message.ProposalMsg(p));
  }

  @Test
  void aByzantineValidatorSigningThousandsOfVotesDoesNotStopTheHonestOnesBeingRelayed() {
    SimNodes sim = split(true);
    ConsensusNode o0 = sim.node("o0");
    // n0's key signs 5,000 distinct valid votes of height 1, rounds 0-49, before anyone's real
    // vote reaches the observer; the other three are a quorum without n0.
    for (int i = 0; i < 5_000; i++) {
      VoteType type = i % 2 == 0 ? VoteType.PREVOTE : VoteType.PRECOMMIT;
      o0.onMessage(NodeId.of("n0"), vote(sim, "n0", type, 1, (i / 2) % 50, i));
    }
    long relayedOfTheFlood = o0.relayedVotes();
    sim.runFor(SECONDS_20);
    for (String n : List.of("n0", "n1", "n2", "n3", "o0")) {
      assertThat(sim.node(n).ledger().height()).as(n).isGreaterThanOrEqualTo(3);
    }
    assertThat(relayedOfTheFlood).as("two per round and type").isLessThanOrEqualTo(50 * 2 * 2);
  }

  @Test
  void relayedMessagesLostOnTheRelaysLinksAreRepeatedAndTheSplitStillCommits() {
    SimNodes sim = split(true);
    // Every link of the relay loses 40% of what it carries, in both directions.
    for (String n : List.of("n0", "n1", "n2", "n3")) {
      LinkFault lossy = new LinkFault(false, false, 0, 0, 0.4, 0);
      sim.net.setFault(NodeId.of("o0"), NodeId.of(n), lossy);
      sim.net.setFault(NodeId.of(n), NodeId.of("o0"), lossy);
    }
    sim.runFor(SECONDS_20 * 2);
    for (String n : List.of("n0", "n1", "n2", "n3", "o0")) {
      assertThat(sim.node(n).ledger().height()).as(n).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void aPeerThatConnectsGetsWhatTheRelayPassedOnAtThisHeight() {
    // Two silent validators of four: no quorum, so the height never changes under the test.
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0"),
            SimNodes.validator("n1"),
            SimNodes.validator("n2").with(Behaviour.SILENT),
            SimNodes.validator("n3").with(Behaviour.SILENT),
            SimNodes.observer("o0").with(SimNodes.fast().withRelay(true)));
    SimNodes sim = new SimNodes(15, specs);
    sim.runFor(2_000_000);
    ConsensusNode o0 = sim.node("o0");
    assertThat(o0.relayedVotes()).isPositive();
    // n3 restarts with nothing but a handler that records the votes o0 sends it.
    sim.crash("n3");
    sim.net.restart(NodeId.of("n3"));
    List<Vote> received = new java.util.ArrayList<>();
    sim.net
        .transport(NodeId.of("n3"))
        .bind(
            (from, bytes) -> {
              try {
                if (from.name().equals("o0")
                    && Messages.decode(bytes) instanceof Message.VoteMsg v) {
                  received.add(v.vote());
                }
              } catch (io.ledgerlab.ledger.codec.DecodeException e) {
                throw new AssertionError(e);
              }
            });
    o0.onPeerUp(NodeId.of("n3"));
    sim.runFor(10_000);
    // An observer says nothing itself: every vote it sends on connect is one it relayed.
    assertThat(received).isNotEmpty();
    assertThat(received)
        .allSatisfy(v -> assertThat(o0.validators().name(v.validator())).isIn("n0", "n1"));
  }

  /** A vote of {@code validator}'s, the {@code i}th of distinct ones for the same place. */
  private static byte[] vote(SimNodes sim, String validator, VoteType type, long h, int r, int i) {
    Hash value = i == 0 ? Vote.NIL : Sha256.hash(("junk " + i).getBytes(StandardCharsets.UTF_8));
    Vote v = Vote.sign(SimNodes.CHAIN_ID, sim.node(validator).key(), type, h, r, value);
    return Messages.encode(new Message.VoteMsg(v));
  }
}
