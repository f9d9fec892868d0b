package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transaction rescue: a client's entry node accepts a transaction, its gossip reaches only the
 * observer, and the entry node dies. Only the observer holds the transaction then, and an observer
 * never proposes: without rescue the transaction never commits, with rescue it does.
 */
class RescueTest {
  private static final long RESCUE_AFTER_MICROS = 2_000_000;

  private record Outcome(SimNodes sim, Transaction tx) {}

  private static Outcome entryNodeDiesAfterAccepting(long rescueAfterMicros) {
    List<SimNodes.Spec> specs =
        List.of(
            SimNodes.validator("n0"),
            SimNodes.validator("n1"),
            SimNodes.validator("n2"),
            SimNodes.validator("n3"),
            SimNodes.observer("o0").with(SimNodes.fast().withRescueAfterMicros(rescueAfterMicros)));
    SimNodes sim = new SimNodes(21, specs);
    assertThat(sim.runUntil(() -> sim.node("o0").ledger().height() >= 2, 10_000_000)).isTrue();
    for (String peer : List.of("n1", "n2", "n3")) {
      sim.block("n0", peer);
    }
    Transaction tx = sim.transfer(0, 1, 0, 5);
    assertThat(sim.node("n0").submit(tx).isOk()).isTrue();
    sim.runFor(100_000);
    sim.crash("n0");
    assertThat(sim.node("o0").isPending(tx.hash())).as("the observer got the gossip").isTrue();
    for (String n : List.of("n1", "n2", "n3")) {
      assertThat(sim.node(n).isPending(tx.hash())).as("%s did not", n).isFalse();
    }
    sim.runFor(20_000_000);
    return new Outcome(sim, tx);
  }

  @Test
  void withoutRescueTheTransactionNeverCommits() {
    Outcome o = entryNodeDiesAfterAccepting(0);
    for (String n : List.of("n1", "n2", "n3", "o0")) {
      assertThat(o.sim().node(n).ledger().findTx(o.tx().hash())).as(n).isEmpty();
    }
    assertThat(o.sim().node("o0").isPending(o.tx().hash())).isTrue();
    assertThat(o.sim().node("n1").ledger().height()).as("the chain went on").isGreaterThan(5);
    assertThat(o.sim().get("o0").events("mempool.rescued")).isEmpty();
  }

  @Test
  void withRescueTheObserverSendsItOnAndItCommits() {
    Outcome o = entryNodeDiesAfterAccepting(RESCUE_AFTER_MICROS);
    long height = -1;
    for (String n : List.of("n1", "n2", "n3", "o0")) {
      var at = o.sim().node(n).ledger().findTx(o.tx().hash());
      assertThat(at).as(n).isPresent();
      height = at.get().height();
    }
    assertThat(o.sim().node("o0").isPending(o.tx().hash())).isFalse();
    var rescued = o.sim().get("o0").events("mempool.rescued");
    assertThat(rescued).isNotEmpty();
    assertThat(rescued.get(0).fields().get("count")).isEqualTo(1);
    assertThat((Long) rescued.get(0).fields().get("oldestMicros"))
        .isGreaterThanOrEqualTo(RESCUE_AFTER_MICROS);
    assertThat(o.sim().node("o0").rescuedTransactions()).isPositive();
    assertThat(height).isPositive();
  }
}
