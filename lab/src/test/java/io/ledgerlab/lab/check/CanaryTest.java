package io.ledgerlab.lab.check;

import static io.ledgerlab.lab.testing.Runs.check;
import static io.ledgerlab.lab.testing.Runs.sim;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checker that never fails proves nothing: for every check, a deliberately broken node (a canary
 * the lab still counts honest) or a broken run on the sim engine, end to end through the pipeline,
 * and the check that must go red. Other checks may fail too; only the one each canary targets is
 * asserted. docs/checks.md lists the canaries.
 */
class CanaryTest {
  private static final String LOAD =
      "workload: {rate: 20/s, duration: 20s, warmup: 0s}\n"
          + "checks: {liveness: 20s, quiet: 5s}\n";
  private static final String HALF_QUORUM = "canary: half-quorum";
  private static final String IGNORE_LOCK = "canary: ignore-lock";
  private static final String SKIP_SYNC = "canary: skip-sync";
  private static final String MINT = "canary: mint";
  private static final String INVALID = "INVALID";

  @TempDir Path dir;

  // ---- safety ---------------------------------------------------------------------------------

  @Test
  void halfQuorumOnTheHonestNodesForksUnderOneEquivocator() throws Exception {
    // One equivocator is within tolerance (f = 1 of 4) and safe with the real quorum rule.
    String yaml =
        sim(
            4,
            Map.of(0, "behaviour: equivocate", 1, HALF_QUORUM, 2, HALF_QUORUM, 3, HALF_QUORUM),
            LOAD);

    RunSummary r = firstSeedWhere(yaml, "safety", 1, 5);

    assertThat(check(r, "safety").details()).startsWith("fork at height ");
  }

  @Test
  void halfQuorumWithNoByzantineNodeIsCaughtByTheCommitProof() throws Exception {
    String yaml =
        sim(4, Map.of(0, HALF_QUORUM, 1, HALF_QUORUM, 2, HALF_QUORUM, 3, HALF_QUORUM), LOAD);

    RunSummary r = new Runs(dir).run(yaml);

    RunSummary.Check safety = check(r, "safety");
    assertThat(safety.validity()).as(safety.details()).isEqualTo(INVALID);
    assertThat(safety.details()).contains("its commit proof does not hold");
  }

  @Test
  void twoEquivocatorsOfFourAreBeyondToleranceAndFork() throws Exception {
    String yaml = sim(4, Map.of(0, "behaviour: equivocate", 1, "behaviour: equivocate"), LOAD);

    RunSummary r = firstSeedWhere(yaml, "safety", 1, 5);

    assertThat(check(r, "safety").details()).startsWith("fork at height ");
  }

  /**
   * The lock canary. The lock attack forks only a consensus that forgets its lock, and only when
   * the validators that did not commit the attacker's block hold a quorum on their own and cannot
   * learn of the commit: with four equal validators they never do (the attacker's own node commits
   * the block too, leaving two of four), and a node that did commit tells the others its height
   * within a second, so they fetch the block before their next round decides. Hence the weights and
   * the partition, all within the fault model: power 1, 2, 3, 4 (quorum 7 of 10) makes n0 the
   * proposer at height 4 and n2 the proposer of the round after; n0 hides its proposal from n2 and
   * gives its precommit to n1 alone, so n1 commits block X (about 9.1 s into the run, with 3 s
   * blocks) while n3 stays locked on X. The partition {n0, n1} | {n2, n3} from 9.5 s into the load
   * keeps that news from n2 and n3, who hold 7 of 10: n2 proposes Y in round 1, and n3 prevotes it
   * only because it ignores its lock.
   */
  @Test
  void ignoreLockForksUnderTheLockAttackAndTheRealLockDoesNot() throws Exception {
    RunSummary forked = firstSeedWhere(lockAttack(IGNORE_LOCK), "safety", 1, 5);
    RunSummary control = new Runs(dir.resolve("control")).run(lockAttack("canary: none"));

    // The two sides are listed by block hash, which any change to the run's messages reorders.
    assertThat(check(forked, "safety").details())
        .startsWith("fork at height 4: [")
        .contains("[n1 at ")
        .contains("[n2 at ");
    RunSummary.Check safe = check(control, "safety");
    assertThat(safe.validity()).as(safe.details()).isEqualTo("VALID");
  }

  private static String lockAttack(String honestCanary) {
    return """
        name: lock-attack
        engine: sim
        network:
          name: lock-attack
          blockInterval: 3s
          nodes:
            - {name: n0, power: 1, behaviour: lock-attack}
            - {name: n1, power: 2, %1$s}
            - {name: n2, power: 3, %1$s}
            - {name: n3, power: 4, %1$s}
        faults:
          schedule:
            - {at: 9.5s, fault: partition, groups: [[n0, n1], [n2, n3]], for: 5s}
        """
            .formatted(honestCanary)
        + LOAD;
  }

  // ---- the other checks -----------------------------------------------------------------------

  @Test
  void corruptStateOnOneNodeIsCaughtByStateAgreement() throws Exception {
    RunSummary r = new Runs(dir).run(sim(4, Map.of(2, "canary: corrupt-state"), LOAD));

    RunSummary.Check c = assertInvalid(r, "state-agreement");
    assertThat(c.details()).startsWith("n2 at height ").contains("its state drifted");
  }

  @Test
  void twoSilentOfFourHaltTheChainAndFailLiveness() throws Exception {
    RunSummary r =
        new Runs(dir).run(sim(4, Map.of(0, "behaviour: silent", 1, "behaviour: silent"), LOAD));

    RunSummary.Check c = assertInvalid(r, "liveness");
    assertThat(c.details()).contains("did not commit above height 0");
  }

  @Test
  void skipSyncEverywhereLosesAcknowledgedTransactionsInAPowerLossAndFailsDurability()
      throws Exception {
    RunSummary broken = new Runs(dir).run(powerLossOfEveryNode(SKIP_SYNC));
    RunSummary control = new Runs(dir.resolve("control")).run(powerLossOfEveryNode("canary: none"));

    RunSummary.Check c = assertInvalid(broken, "durability");
    assertThat(c.details()).contains("acknowledged transactions are missing from");
    RunSummary.Check kept = check(control, "durability");
    assertThat(kept.validity()).as(kept.details()).isEqualTo("VALID");
  }

  /** Every node loses power at the same moment, 10 s into the load, and restarts 2 s later. */
  private static String powerLossOfEveryNode(String canary) {
    StringBuilder faults = new StringBuilder("faults:\n  schedule:\n");
    List<String> nodes = List.of("n0", "n1", "n2", "n3");
    for (String n : nodes) {
      faults.append("    - {at: 10s, fault: crash, node: ").append(n).append(", for: 2s}\n");
    }
    return sim(4, Map.of(0, canary, 1, canary, 2, canary, 3, canary), LOAD + faults);
  }

  @Test
  void mintOnEveryNodeGrowsTheSupplyAndFailsValidity() throws Exception {
    RunSummary r = new Runs(dir).run(sim(4, Map.of(0, MINT, 1, MINT, 2, MINT, 3, MINT), LOAD));

    RunSummary.Check c = assertInvalid(r, "validity");
    assertThat(c.details()).contains("(tokens were created)");
  }

  @Test
  void doubleSignOnOneNodeIsCaughtByEvidenceAgainstAnHonestValidator() throws Exception {
    RunSummary r = new Runs(dir).run(sim(4, Map.of(1, "canary: double-sign"), LOAD));

    RunSummary.Check c = assertInvalid(r, "evidence");
    assertThat(c.details()).startsWith("honest validator n1 ");
  }

  @Test
  void crashOnOneNodeIsAnUnexpectedExitWithItsCodeAndLastLines() throws Exception {
    RunSummary r = new Runs(dir).run(sim(4, Map.of(3, "canary: crash"), LOAD));

    RunSummary.Check c = assertInvalid(r, "nodes");
    assertThat(c.details())
        .startsWith("n3 exited unexpectedly at ")
        .contains("with exit code 70")
        .contains("last lines:")
        .contains("a crash bug after committing height 5");
    assertThat(c.atSeconds()).isNotNull();
  }

  @Test
  void anImpossibleLatencyThresholdFails() throws Exception {
    String yaml =
        sim(4, Map.of(), LOAD.replace("quiet: 5s}", "quiet: 5s, thresholds: [\"p99 < 1ms\"]}"));

    RunSummary r = new Runs(dir).run(yaml);

    RunSummary.Check c = assertInvalid(r, "threshold: p99 < 1ms");
    assertThat(c.details()).startsWith("p99 was ");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static RunSummary.Check assertInvalid(RunSummary r, String name) {
    RunSummary.Check c = check(r, name);
    assertThat(c.validity())
        .as(name + " of seed " + r.seed() + ": " + c.details())
        .isEqualTo(INVALID);
    return c;
  }

  /** The run of the first seed in [from, to] where {@code check} is INVALID; fails if none. */
  private RunSummary firstSeedWhere(String yaml, String check, long from, long to)
      throws Exception {
    var scenario = ScenarioParser.parse("canary.yaml", yaml);
    List<String> seen = new ArrayList<>();
    for (long seed = from; seed <= to; seed++) {
      RunSummary r = new Runs(dir.resolve("seed-" + seed)).run(scenario.withSeed(seed), yaml);
      RunSummary.Check c = check(r, check);
      if (INVALID.equals(c.validity())) {
        return r;
      }
      seen.add("seed " + seed + ": " + c.validity() + " " + c.details());
    }
    throw new AssertionError(
        check + " never failed for seeds " + from + ".." + to + ": " + String.join("; ", seen));
  }
}
