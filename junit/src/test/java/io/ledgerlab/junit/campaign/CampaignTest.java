package io.ledgerlab.junit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.junit.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign finds a planted bug on the simulator, shrinks it to a handful of steps, saves it, and
 * replays it first next time — failing while the bug is there, passing once it is fixed.
 */
class CampaignTest {
  @TempDir Path dir;

  /** The ghost: seats the rules say are sold. */
  static final class Sold {
    long seats;
  }

  private Campaign.Builder<Sold> boxOffice(Class<? extends ChainCode> code) {
    return Campaign.<Sold>named("box-office")
        .on(Network.sim().validators(4).seed(5).chainCode(code))
        .ghost(Sold::new)
        .handler(
            "sell",
            3,
            (random, ghost, accounts) -> {
              long n = 1 + random.nextInt(6);
              return Action.call(
                  accounts.pick(random),
                  "tickets",
                  "sell",
                  Tickets.sell(n),
                  (receipt, g) -> {
                    if (g.seats + n <= Tickets.CAPACITY) {
                      g.seats += n;
                    }
                  });
            })
        .invariant(
            "never more seats sold than the ghost counts",
            (view, ghost) ->
                assertThat(view.query("tickets", "sold", new byte[0]).reader().u64("sold"))
                    .isEqualTo(ghost.seats))
        .operations(20)
        .runs(3)
        .faults(1)
        .checkEvery(2)
        .counterexamples(dir);
  }

  @Test
  void aPlantedBugIsFoundShrunkSavedAndReplayedFirst() throws Exception {
    CampaignFailure found =
        catchThrowableOfType(
            CampaignFailure.class, () -> boxOffice(OversellingTickets.class).run());
    assertThat(found).as("the campaign finds the oversell").isNotNull();
    assertThat(found.counterexample().steps()).hasSizeBetween(1, 5);
    assertThat(found.counterexample().failed())
        .isEqualTo("never more seats sold than the ghost counts");
    assertThat(found).hasMessageContaining("Shrunk from").hasMessageContaining("Saved to");
    Path saved = Counterexample.file(dir, "box-office");
    assertThat(Counterexample.load(saved)).contains(found.counterexample());

    assertThatThrownBy(() -> boxOffice(OversellingTickets.class).run())
        .isInstanceOf(CampaignFailure.class)
        .hasMessageContaining("the saved counterexample")
        .hasMessageContaining("still fails");

    Campaign.Report fixed = boxOffice(Tickets.class).run();
    assertThat(fixed.replayed()).as("the fix is proven on the saved case first").isTrue();
    assertThat(Files.exists(saved)).isTrue();
  }

  @Test
  void theSameSeedGivesTheSameStateRoots() {
    Campaign.Report report = boxOffice(Tickets.class).determinism().run();
    assertThat(report.steps()).isEqualTo(60);
    assertThat(report.calls()).isPositive();
  }

  @Test
  void aCorruptSavedFileIsNamed() throws Exception {
    Files.writeString(Counterexample.file(dir, "box-office"), "{\"campaign\": 3, \"steps\": 7}");
    assertThatThrownBy(() -> boxOffice(Tickets.class).run())
        .hasMessageContaining("box-office.json")
        .hasMessageContaining("not a saved counterexample");
  }

  private Campaign.Builder<Sold> oneHandler(Handler<Sold> handler) {
    return Campaign.<Sold>named("one-handler")
        .on(Network.sim().validators(4).seed(5).chainCode(Tickets.class))
        .ghost(Sold::new)
        .handler("sell", 1, handler)
        .operations(3)
        .runs(1)
        .counterexamples(dir);
  }

  @Test
  void aHandlerWhoseNextThrowsIsTheHandlersFailureNotTheNetworks() {
    CampaignFailure found =
        catchThrowableOfType(
            CampaignFailure.class,
            () ->
                oneHandler(
                        (random, ghost, accounts) -> {
                          throw new IllegalStateException("a bug in the handler");
                        })
                    .run());
    assertThat(found).isNotNull();
    assertThat(found.counterexample().failed()).isEqualTo("handler:sell");
    assertThat(found).hasMessageContaining("a bug in the handler");
  }

  @Test
  void aHandlerWhoseAfterThrowsIsTheHandlersFailureNotTheNetworks() {
    CampaignFailure found =
        catchThrowableOfType(
            CampaignFailure.class,
            () ->
                oneHandler(
                        (random, ghost, accounts) ->
                            Action.call(
                                accounts.pick(random),
                                "tickets",
                                "sell",
                                Tickets.sell(1),
                                (receipt, g) -> {
                                  throw new IllegalStateException("a bug in after");
                                }))
                    .run());
    assertThat(found).isNotNull();
    assertThat(found.counterexample().failed()).isEqualTo("handler:sell");
    assertThat(found.counterexample().steps()).hasSize(1);
  }

  @Test
  void eachRunsSeedIsItsOwnForkNotTheNextNumber() {
    long first = Campaign.runSeed(7, 0);
    assertThat(Campaign.runSeed(7, 0)).as("the same seed, the same run").isEqualTo(first);
    assertThat(Campaign.runSeed(7, 1)).isNotEqualTo(first + 1).isNotEqualTo(first);
    assertThat(Campaign.runSeed(8, 0)).isNotEqualTo(Campaign.runSeed(7, 1));
  }

  @Test
  void runsWhoseChainsDifferInLengthAreNotDeterministic() {
    assertThat(Campaign.difference(List.of("1:a", "2:b"), List.of("1:a", "2:b"))).isNull();
    assertThat(Campaign.difference(List.of("1:a", "2:b"), List.of("1:a", "2:c")))
        .contains("2:b and 2:c");
    assertThat(Campaign.difference(List.of("1:a"), List.of("1:a", "2:b")))
        .contains("1 and 2 blocks")
        .contains("2:b");
    assertThat(Campaign.difference(List.of("1:a", "2:b"), List.of())).contains("2 and 0 blocks");
  }

  @Test
  void aNonDeterministicCampaignNamesTheSeedItRanWith() {
    AtomicLong calls = new AtomicLong();
    String before = System.getProperty(Campaign.SEED_PROPERTY);
    System.setProperty(Campaign.SEED_PROPERTY, "42");
    try {
      CampaignFailure found =
          catchThrowableOfType(
              CampaignFailure.class,
              () ->
                  oneHandler(
                          // Not drawn from the step's random source: the re-run sells other counts.
                          (random, ghost, accounts) ->
                              Action.call(
                                  accounts.pick(random),
                                  "tickets",
                                  "sell",
                                  Tickets.sell(1 + calls.getAndIncrement() % 5),
                                  null))
                      .determinism()
                      .run());
      assertThat(found).isNotNull().hasMessageContaining("not deterministic");
      assertThat(found.counterexample().failed()).isEqualTo("determinism");
      assertThat(found.counterexample().seed())
          .as("the -D override, not the builder's")
          .isEqualTo(42);
    } finally {
      if (before == null) {
        System.clearProperty(Campaign.SEED_PROPERTY);
      } else {
        System.setProperty(Campaign.SEED_PROPERTY, before);
      }
    }
  }
}
