package io.ledgerlab.lab.sim;

import static io.ledgerlab.lab.testing.Runs.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observers at work in the simulated world: they cross-check every block the validators commit,
 * measure who signs, and catch validators whose execution differs from theirs.
 */
class ObserverRunsTest {
  @TempDir Path dir;

  @Test
  void observersReExecuteEveryBlockAndMeasureEachValidator() throws Exception {
    Runs runs = new Runs(dir);

    RunSummary r =
        runs.run(
            """
            name: t
            engine: sim
            seed: 5
            network:
              name: t
              validators: 4
              observers: 2
            workload: {rate: 20/s, duration: 20s, warmup: 0s}
            checks: {liveness: 30s, quiet: 5s}
            """);

    assertThat(r.verdict()).as(r.checks().toString()).isEqualTo("VALID");
    assertThat(check(r, "observer").details()).contains("blocks re-executed by the observers");
    RunSummary.Observers o = r.observers();
    assertThat(o.blocks()).isGreaterThan(10);
    assertThat(o.divergences()).isZero();
    assertThat(o.validators())
        .extracting(RunSummary.Participation::validator)
        .containsExactly("n0", "n1", "n2", "n3");
    for (RunSummary.Participation p : o.validators()) {
      assertThat(p.certificates()).isEqualTo(o.blocks());
      assertThat(p.signed() + p.missed()).isEqualTo(p.certificates());
      // Every certificate holds more than two thirds: at least three of the four precommits.
      assertThat(p.signed()).isGreaterThan(0);
    }
    assertThat(o.validators().stream().mapToLong(RunSummary.Participation::proposed).sum())
        .isEqualTo(o.blocks());
    assertThat(o.meanIntervalSeconds()).isGreaterThan(0.4);
    // Each observer learned every other node's version: the manifest's name for it.
    assertThat(o.peers())
        .filteredOn(p -> p.observer().equals("o0"))
        .extracting(RunSummary.PeerVersion::peer, RunSummary.PeerVersion::version)
        .contains(
            org.assertj.core.groups.Tuple.tuple("n0", "current"),
            org.assertj.core.groups.Tuple.tuple("n3", "current"),
            org.assertj.core.groups.Tuple.tuple("o1", "current"));
  }

  @Test
  void validatorsThatMintAreCaughtByAnObserverRunningTheHonestVersion() throws Exception {
    Runs runs = new Runs(dir);

    RunSummary r =
        runs.run(
            """
            name: t
            engine: sim
            seed: 3
            network:
              name: t
              versions:
                minting: {canary: mint}
                honest: {}
              nodes:
                - {name: n0, version: minting}
                - {name: n1, version: minting}
                - {name: n2, version: minting}
                - {name: n3, version: minting}
                - {name: o0, role: observer, version: honest}
            workload: {rate: 20/s, duration: 15s, warmup: 0s}
            checks: {liveness: 20s, quiet: 5s}
            """);

    RunSummary.Check observer = check(r, "observer");
    assertThat(observer.validity()).isEqualTo("INVALID");
    assertThat(observer.details())
        .containsPattern("o0: block \\d+ re-executes to stateRoot [0-9a-f]+, but its header says")
        .contains("the validators certified a block the observers' execution disagrees with");
    assertThat(observer.atSeconds()).isNotNull();
    assertThat(r.observers().divergences()).isGreaterThan(0);
    assertThat(Files.readString(runs.lastRun().resolve("logs").resolve("o0.jsonl")))
        .contains("\"event\":\"observer.divergence\"");
  }
}
