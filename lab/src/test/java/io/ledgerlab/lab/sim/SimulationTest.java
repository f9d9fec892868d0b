package io.ledgerlab.lab.sim;

import static io.ledgerlab.lab.testing.Runs.check;
import static io.ledgerlab.lab.testing.Runs.sim;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated world end to end through the one pipeline: determinism, a fault sweep, block sync
 * after a crash, evidence and twins. (The canaries of every check are in {@code CanaryTest}.)
 */
class SimulationTest {
  private static final String LOAD =
      "workload: {rate: 30/s, duration: 40s, warmup: 0s}\n"
          + "checks: {liveness: 30s, quiet: 10s}\n";

  @TempDir Path dir;

  @Test
  void sameSeedSameTraceAndChainDifferentSeedDifferentTrace() throws Exception {
    Runs runs = new Runs(dir);
    String yaml =
        sim(4, Map.of(0, "behaviour: equivocate"), LOAD + "faults:\n  nemesis: {profile: all}\n");
    var scenario = ScenarioParser.parse("t.yaml", yaml);
    RunSummary a = runs.run(scenario.withSeed(11), yaml);
    RunSummary b = runs.run(scenario.withSeed(11), yaml);
    RunSummary c = runs.run(scenario.withSeed(12), yaml);

    assertThat(a.traceDigest()).hasSize(64);
    assertThat(b.traceDigest()).isEqualTo(a.traceDigest());
    assertThat(b.stats()).isEqualTo(a.stats());
    assertThat(b.heights().get(1).points()).containsExactlyElementsOf(a.heights().get(1).points());
    assertThat(c.traceDigest()).isNotEqualTo(a.traceDigest());
  }

  @Test
  void oneByzantineOfFourWithRandomFaultsKeepsEveryCheckGreen() throws Exception {
    Runs runs = new Runs(dir);
    String yaml =
        sim(
            4,
            Map.of(0, "behaviour: equivocate"),
            "workload: {rate: 30/s, duration: 60s, warmup: 0s}\n"
                + "faults:\n  nemesis: {profile: all}\n"
                + "checks: {liveness: 30s, quiet: 10s}\n");
    var scenario = ScenarioParser.parse("t.yaml", yaml);
    List<String> failures = new ArrayList<>();
    for (long seed = 1; seed <= 6; seed++) {
      RunSummary r = runs.run(scenario.withSeed(seed), yaml);
      r.checks().stream()
          .filter(ch -> !"VALID".equals(ch.validity()))
          .forEach(ch -> failures.add("seed " + r.seed() + ": " + ch));
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void aKilledValidatorRestartsAndCatchesUpThroughBlockSync() throws Exception {
    Runs runs = new Runs(dir);
    RunSummary r =
        runs.run(
            sim(
                4,
                Map.of(),
                LOAD + "faults:\n  schedule:\n    - {at: 5s, fault: kill, node: n3, for: 15s}\n"));

    assertThat(r.verdict()).as(r.checks().toString()).isEqualTo("VALID");
    String n3 = Files.readString(runs.lastRun().resolve("logs").resolve("n3.jsonl"));
    assertThat(n3).as("n3 fetched blocks by sync after its restart").contains("\"via\":\"sync\"");
    assertThat(r.faults())
        .extracting(RunSummary.FaultWindow::fault, RunSummary.FaultWindow::target)
        .contains(org.assertj.core.groups.Tuple.tuple("kill", "n3"));
  }

  @Test
  void committedEvidenceNamesExactlyTheEquivocator() throws Exception {
    Runs runs = new Runs(dir);
    RunSummary r = runs.run(sim(4, Map.of(0, "behaviour: double-vote"), LOAD + "seed: 3\n"));

    assertThat(r.verdict()).as(r.checks().toString()).isEqualTo("VALID");
    assertThat(check(r, "evidence").details()).contains("against [n0], none honest");
  }

  @Test
  void twinsShareAKeyAndTheHonestNodesStaySafe() throws Exception {
    Runs runs = new Runs(dir);
    RunSummary r =
        runs.run(
            sim(
                4,
                Map.of(3, "twin: true"),
                LOAD + "seed: 5\nfaults:\n  nemesis: {profile: partitions}\n"));

    assertThat(r.verdict()).as(r.checks().toString()).isEqualTo("VALID");
    assertThat(r.network().nodes().get(3).role()).isEqualTo("twin");
  }
}
