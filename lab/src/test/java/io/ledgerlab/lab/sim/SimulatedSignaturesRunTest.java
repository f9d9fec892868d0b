package io.ledgerlab.lab.sim;

import static io.ledgerlab.lab.testing.Runs.sim;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs whose identities sign with the simulator's keyed hash ({@code simulation: {signatures:
 * simulated}}): as deterministic as real signatures, still safe against Byzantine validators, and
 * never reported as real cryptography.
 */
class SimulatedSignaturesRunTest {
  private static final String LOAD =
      "workload: {rate: 30/s, duration: 20s, warmup: 0s}\n"
          + "checks: {liveness: 30s, quiet: 10s}\n";
  private static final String SIMULATED = "simulation:\n  signatures: simulated\n";

  @TempDir Path dir;

  @Test
  void sameSeedSameTraceAndTheReportSaysTheSignaturesWereSimulated() throws Exception {
    Runs runs = new Runs(dir);
    String yaml = sim(4, Map.of(), LOAD + SIMULATED);
    String real = sim(4, Map.of(), LOAD);
    var scenario = ScenarioParser.parse("t.yaml", yaml);

    RunSummary a = runs.run(scenario.withSeed(5), yaml);
    RunSummary b = runs.run(scenario.withSeed(5), yaml);
    RunSummary ed25519 = runs.run(ScenarioParser.parse("t.yaml", real).withSeed(5), real);

    assertThat(a.verdict()).isEqualTo("VALID");
    assertThat(a.stats().committed()).isPositive();
    assertThat(b.traceDigest()).isEqualTo(a.traceDigest());
    assertThat(b.stats()).isEqualTo(a.stats());
    // The messages carry other signature bytes: another run, and the digest shows it.
    assertThat(ed25519.traceDigest()).isNotEqualTo(a.traceDigest());
    assertThat(a.signatures()).isEqualTo("simulated");
    assertThat(ed25519.signatures()).isEqualTo("ed25519");
    Path first = dir.resolve("run-1");
    assertThat(Files.readString(first.resolve("summary.json")))
        .contains("\"signatures\" : \"simulated\"");
    assertThat(Files.readString(first.resolve("report.html")))
        .contains("SIMULATED (keyed hash, not real cryptography)");
    assertThat(Files.readString(dir.resolve("run-3").resolve("report.html")))
        .doesNotContain("SIMULATED");
  }

  @Test
  void aValidatorSendingBadSignaturesOrEquivocatingCannotBreakSafety() throws Exception {
    Runs runs = new Runs(dir);
    for (String behaviour : new String[] {"invalid-signatures", "equivocate"}) {
      String yaml =
          sim(
              4,
              Map.of(0, "behaviour: " + behaviour),
              LOAD + "faults:\n  nemesis: {profile: all}\n" + SIMULATED);
      RunSummary r = runs.run(ScenarioParser.parse("t.yaml", yaml).withSeed(3), yaml);

      assertThat(r.checks())
          .as(behaviour)
          .allSatisfy(c -> assertThat(c.validity()).as(c.toString()).isEqualTo("VALID"));
      assertThat(r.signatures()).isEqualTo("simulated");
    }
  }
}
