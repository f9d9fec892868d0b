package io.ledgerlab.lab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.runtime.log.LogRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The simulated world end to end: determinism, a fault sweep, canaries, sync and evidence. */
class SimulationTest {
  private static final long SECONDS = 1_000_000;

  private static SimOptions options(
      int byzantine, Behaviour behaviour, FaultProfile faults, long seconds, Canary canary) {
    return new SimOptions(4, byzantine, behaviour, false, faults, 30, seconds * SECONDS, canary);
  }

  @Test
  void sameSeedSameTraceAndChainDifferentSeedDifferentTrace() {
    SimOptions o = options(1, Behaviour.EQUIVOCATE, FaultProfile.ALL, 40, Canary.NONE);
    SimRun first = new SimRun(o, 11);
    SimResult a = first.run(line -> {});
    SimRun second = new SimRun(o, 11);
    SimResult b = second.run(line -> {});
    SimResult c = new SimRun(o, 12).run(line -> {});

    assertThat(b.traceDigest()).isEqualTo(a.traceDigest());
    assertThat(second.ledger("n1").head()).isEqualTo(first.ledger("n1").head());
    assertThat(second.ledger("n3").head()).isEqualTo(first.ledger("n3").head());
    assertThat(c.traceDigest()).isNotEqualTo(a.traceDigest());
  }

  @Test
  void oneByzantineOfFourWithRandomFaultsNeverBreaksSafety() {
    SimOptions o = options(1, Behaviour.EQUIVOCATE, FaultProfile.ALL, 60, Canary.NONE);
    List<String> failures = new ArrayList<>();
    LongStream.rangeClosed(1, 12)
        .forEach(
            seed -> {
              SimResult r = new SimRun(o, seed).run(line -> {});
              for (CheckResult c : r.checks()) {
                if (c.validity() != Validity.VALID) {
                  failures.add("seed " + seed + ": " + c);
                }
              }
            });
    assertThat(failures).isEmpty();
  }

  @Test
  void canaryHalfQuorumIsCaughtBySafety() {
    SimOptions o = options(1, Behaviour.EQUIVOCATE, FaultProfile.NONE, 30, Canary.HALF_QUORUM);
    assertThat(firstSafetyFailure(o, 10)).as("a seed in 1..10 forks").isPositive();
  }

  @Test
  void fPlusOneByzantineIsCaughtBySafety() {
    SimOptions o = options(2, Behaviour.EQUIVOCATE, FaultProfile.NONE, 30, Canary.NONE);
    assertThat(o.beyondFaultTolerance()).isTrue();
    assertThat(firstSafetyFailure(o, 10)).as("a seed in 1..10 forks").isPositive();
  }

  @Test
  void aCrashedValidatorRestartsAndCatchesUpThroughBlockSync() {
    SimOptions o = options(0, Behaviour.HONEST, FaultProfile.CRASHES, 60, Canary.NONE);
    long seed =
        LongStream.rangeClosed(1, 50)
            .filter(
                s -> new SimRun(o, s).faults().stream().anyMatch(f -> f.kind() == Fault.Kind.CRASH))
            .findFirst()
            .orElseThrow();
    SimRun run = new SimRun(o, seed);
    Fault crash =
        run.faults().stream().filter(f -> f.kind() == Fault.Kind.CRASH).findFirst().orElseThrow();
    String victim = crash.targets().get(0).iterator().next().name();
    SimResult result = run.run(line -> {});

    assertThat(result.verdict()).as(result.checks().toString()).isEqualTo(Validity.VALID);
    long synced =
        run.logs().stream()
            .filter(
                r ->
                    r.node().equals(victim)
                        && r.event().equals("block.committed")
                        && "sync".equals(r.fields().get("via")))
            .count();
    assertThat(synced).as("blocks %s fetched by sync after its restart", victim).isPositive();
    assertThat(run.ledger(victim).height()).isGreaterThanOrEqualTo(run.ledger("n0").height() - 1);
  }

  @Test
  void committedEvidenceNamesExactlyTheEquivocator() {
    SimOptions o = options(1, Behaviour.DOUBLE_VOTE, FaultProfile.NONE, 30, Canary.NONE);
    SimRun run = new SimRun(o, 3);
    SimResult result = run.run(line -> {});

    assertThat(result.verdict()).isEqualTo(Validity.VALID);
    assertThat(run.committedEvidence()).isNotEmpty();
    assertThat(run.accusedValidators()).containsExactly(run.validatorOf("n0"));
    Set<Object> logged = new HashSet<>();
    for (LogRecord r : run.logs()) {
      if (r.event().equals("consensus.equivocation")) {
        logged.add(r.fields().get("validator"));
      }
    }
    assertThat(logged).containsExactly("n0");
  }

  @Test
  void twinsShareAKeyAndTheHonestNodesStaySafe() {
    SimOptions o =
        new SimOptions(
            4, 0, Behaviour.HONEST, true, FaultProfile.PARTITIONS, 30, 60 * SECONDS, Canary.NONE);
    SimResult result = new SimRun(o, 5).run(line -> {});
    assertThat(result.verdict()).as(result.checks().toString()).isEqualTo(Validity.VALID);
  }

  private static long firstSafetyFailure(SimOptions o, int seeds) {
    for (long seed = 1; seed <= seeds; seed++) {
      if (new SimRun(o, seed).run(line -> {}).safetyFailed()) {
        return seed;
      }
    }
    return -1;
  }
}
