package io.ledgerlab.lab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The long sweep: every Byzantine behaviour and twins, 4 and 7 validators, random faults of every
 * kind, thousands of seeds. Runs only with {@code -Psweep}; sized by {@code -Dsweep.seeds} (per
 * configuration, default 250) and {@code -Dsweep.duration} (simulated seconds, default 120).
 */
@Tag("sweep")
class SimSweepTest {
  private static final int SEEDS = Integer.getInteger("sweep.seeds", 250);
  private static final long DURATION_MICROS = Long.getLong("sweep.duration", 120) * 1_000_000;

  @Test
  void everyBehaviourWithinToleranceKeepsEveryCheckGreen() {
    List<String> failures = new ArrayList<>();
    StringBuilder table =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-10s %-20s %6s %7s %9s %9s%n",
                "validators",
                "behaviour",
                "seeds",
                "failed",
                "sim s",
                "wall s"));
    for (int validators : new int[] {4, 7}) {
      int f = (validators - 1) / 3;
      for (Behaviour b : Behaviour.values()) {
        boolean twins = b == Behaviour.HONEST;
        SimOptions o =
            new SimOptions(
                validators,
                b == Behaviour.HONEST ? 0 : f,
                b,
                twins,
                FaultProfile.ALL,
                50,
                DURATION_MICROS,
                Canary.NONE);
        double sim = 0;
        double wall = 0;
        int failed = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
          SimResult r = new SimRun(o, seed).run(line -> {});
          sim += r.simulatedMicros() / 1e6;
          wall += r.wallNanos() / 1e9;
          if (r.verdict() != Validity.VALID) {
            failed++;
            for (CheckResult c : r.checks()) {
              if (c.validity() != Validity.VALID && failures.size() < 20) {
                failures.add(
                    validators
                        + " validators, "
                        + (twins ? "twins" : b)
                        + ", seed "
                        + seed
                        + ": "
                        + c);
              }
            }
          }
        }
        table.append(
            String.format(
                Locale.ROOT,
                "%-10d %-20s %6d %7d %9.0f %9.1f%n",
                validators,
                twins ? "HONEST + twins" : b.name(),
                SEEDS,
                failed,
                sim,
                wall));
      }
    }
    System.out.println(table);
    assertThat(failures).isEmpty();
  }
}
