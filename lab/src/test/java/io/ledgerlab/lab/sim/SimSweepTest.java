package io.ledgerlab.lab.sim;

import static io.ledgerlab.lab.testing.Runs.sim;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import io.ledgerlab.ledger.consensus.Behaviour;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long sweep: every Byzantine behaviour and twins, 4 and 7 validators, random faults of every
 * kind, through the one pipeline on the sim engine. Runs only with {@code -Psweep}; sized by {@code
 * -Dsweep.seeds} (per configuration, default 250) and {@code -Dsweep.duration} (simulated seconds,
 * default 120).
 */
@Tag("sweep")
class SimSweepTest {
  private static final int SEEDS = Integer.getInteger("sweep.seeds", 250);
  private static final long DURATION_SECONDS = Long.getLong("sweep.duration", 120);

  @TempDir Path dir;

  @Test
  void everyBehaviourWithinToleranceKeepsEveryCheckGreen() throws Exception {
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
        Map<Integer, String> lines = new HashMap<>();
        if (twins) {
          lines.put(validators - 1, "twin: true");
        } else {
          for (int i = 0; i < f; i++) {
            lines.put(i, "behaviour: " + b.name().toLowerCase(Locale.ROOT).replace('_', '-'));
          }
        }
        String yaml =
            sim(
                validators,
                lines,
                "workload: {rate: 50/s, duration: "
                    + DURATION_SECONDS
                    + "s, warmup: 0s}\nfaults:\n  nemesis: {profile: all}\n"
                    + "checks: {liveness: 30s, quiet: 30s}\n");
        var scenario = ScenarioParser.parse("sweep.yaml", yaml);
        double sim = 0;
        long wallStart = System.nanoTime();
        int failed = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
          Runs runs = new Runs(dir.resolve(validators + "-" + b + "-" + seed));
          RunSummary r = runs.run(scenario.withSeed(seed), yaml);
          sim += r.durationSeconds();
          if (!"VALID".equals(r.verdict())) {
            failed++;
            for (RunSummary.Check c : r.checks()) {
              if (!"VALID".equals(c.validity()) && failures.size() < 20) {
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
                (System.nanoTime() - wallStart) / 1e9));
      }
    }
    System.out.println(table);
    assertThat(failures).isEmpty();
  }
}
