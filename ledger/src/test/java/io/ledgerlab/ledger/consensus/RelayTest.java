package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

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
}
