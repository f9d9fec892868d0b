package io.ledgerlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.chaincode.Counter;
import io.ledgerlab.lab.chaincode.KvTwo;
import io.ledgerlab.lab.chaincode.KvTwoEcho;
import io.ledgerlab.lab.chaincode.TestJars;
import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.ReplayChecker;
import io.ledgerlab.lab.check.RunRecord;
import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.target.ReplayResult;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code replay} check on the simulator: after a kv load, one node's chain is read through its
 * client and replayed from genesis under a v2 of {@code kv}. A v2 that only adds a method passes;
 * one that changes what an old put answers fails at that put. Bad replay settings are refused where
 * they are written.
 */
class ReplayCheckTest {
  @TempDir Path dir;

  private Path jar(String name, Class<? extends KvTwo> main) throws Exception {
    return main == KvTwo.class
        ? TestJars.pack(dir.resolve(name), KvTwo.class)
        : TestJars.pack(dir.resolve(name), main, KvTwo.class);
  }

  private String scenario(String replay) {
    return """
        name: replay
        engine: sim
        network:
          name: r
          validators: 4
        workload:
          kind: kv
          rate: 20/s
          duration: 2s
          warmup: 0s
        checks:
          quiet: 1s
          replay:
        """
        + replay.indent(4);
  }

  private RunSummary run(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("scenario.yaml"), yaml);
    return new Runs(dir).run(ScenarioParser.read(file), yaml);
  }

  @Test
  void aVersionTwoThatOnlyAddsAMethodPasses() throws Exception {
    jar("kv-two.jar", KvTwo.class);
    RunSummary s = run(scenario("with: [kv-two.jar]\nnode: n2\n"));
    RunSummary.Check replay = Runs.check(s, "replay");
    assertThat(replay.validity()).as(replay.details()).isEqualTo("VALID");
    assertThat(replay.details())
        .startsWith("n2's chain: VALID: ")
        .contains("replay from genesis to the same receipts and state roots under the replacement")
        .contains("kv version 2 stands in for kv version 1");
    assertThat(Runs.verdicts(s)).containsEntry("replay", "VALID");
  }

  @Test
  void aVersionTwoThatChangesAnOldResultFailsAtThatTransaction() throws Exception {
    jar("kv-echo.jar", KvTwoEcho.class);
    RunSummary s = run(scenario("with: [kv-echo.jar]\n"));
    RunSummary.Check replay = Runs.check(s, "replay");
    assertThat(replay.validity()).isEqualTo("INVALID");
    assertThat(replay.details())
        .startsWith("n0's chain: INVALID: the replacement code parts from the chain r at block ")
        .containsPattern("first divergence: block [0-9]+, transaction [0-9]+ [0-9a-f]{64}")
        .contains("the receipts differ; the writes agree")
        .contains("receipt, chain's code: ok, result empty, events [put]")
        .containsPattern("receipt, replacement : ok, result 0x[0-9a-f]+, events \\[put]");
    assertThat(s.verdict()).isEqualTo("INVALID");
  }

  /**
   * The upgrade example's tally (examples/upgrade): v1 on the chain under a load of {@code add}
   * calls of 1 to 1000, replayed under its v2.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"tally-2.jar, VALID", "tally-2-breaking.jar, INVALID"})
  void theUpgradeExamplesVersionTwoReplaysAndItsBreakingOneIsCaught(String v2, String verdict)
      throws Exception {
    Path examples = Path.of("..", "examples", "upgrade").toAbsolutePath().normalize();
    String yaml =
        """
        name: tally
        engine: sim
        network:
          name: t
          validators: 4
          chainCode:
            - jar: %s
        workload:
          kind: call
          rate: 20/s
          duration: 2s
          warmup: 0s
          options: {chainCode: tally, method: add, args: u64}
        checks:
          quiet: 1s
          replay:
            with: [%s]
        """
            .formatted(examples.resolve("tally-1.jar"), examples.resolve(v2));
    RunSummary.Check replay = Runs.check(run(yaml), "replay");
    assertThat(replay.validity()).as(replay.details()).isEqualTo(verdict);
    assertThat(replay.details()).contains("tally version 2 stands in for tally version 1");
    if (verdict.equals("INVALID")) {
      // v1 adds the whole amount, the breaking v2 at most 500: the first add above 500 parts.
      assertThat(replay.details())
          .containsPattern("first divergence: block [0-9]+, transaction [0-9]+ [0-9a-f]{64}")
          .contains("the receipts and the writes differ")
          .containsPattern("state chain code tally key 0x74[0-9a-f]{40}");
    }
  }

  @Test
  void aNodeWhoseChainCannotBeReadGivesUnknownWithWhy() throws Exception {
    jar("kv-two.jar", KvTwo.class);
    String yaml =
        scenario("with: [kv-two.jar]\nnode: n3\n")
            .replace(
                "  validators: 4\n",
                "  nodes: [{name: n0}, {name: n1}, {name: n2}, {name: n3, canary: crash}]\n");
    RunSummary s = run(yaml);
    RunSummary.Check replay = Runs.check(s, "replay");
    assertThat(replay.validity()).isEqualTo("UNKNOWN");
    assertThat(replay.details())
        .startsWith("no chain was replayed: n3's chain could not be read: the node is");
  }

  @Test
  void noReplayIsUnknownWithWhy() {
    RunRecord record =
        new RunRecord(
            List.of(),
            new History(10),
            Map.of(),
            List.of(),
            Map.of(),
            0,
            0,
            List.of(),
            new LoadRecorder(),
            0,
            List.of(),
            List.of(),
            null,
            "n0's chain could not be read: the node is down");
    CheckResult r = new ReplayChecker().check(record);
    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.details())
        .isEqualTo("no chain was replayed: n0's chain could not be read: the node is down");
  }

  @Test
  void aChainThatDoesNotReplayUnderItsOwnCodeIsInvalidAndSaidApart() {
    RunRecord record =
        new RunRecord(
            List.of(),
            new History(10),
            Map.of(),
            List.of(),
            Map.of(),
            0,
            0,
            List.of(),
            new LoadRecorder(),
            0,
            List.of(),
            List.of(),
            new ReplayResult(
                "n1",
                ReplayResult.Verdict.STORED_CHAIN_INVALID,
                0,
                List.of("STORED CHAIN INVALID: r does not replay under its own code at block 1")),
            null);
    CheckResult r = new ReplayChecker().check(record);
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.details())
        .startsWith("n1's chain: STORED CHAIN INVALID")
        .contains("the chain does not replay under the code it ran");
  }

  private void assertRefused(String replay, String where, String message) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), scenario(replay));
    assertThatThrownBy(() -> ScenarioParser.read(file))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(file + ":" + where + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void badReplaySettingsAreRefusedWithTheirPlace() throws Exception {
    TestJars.pack(dir.resolve("counter.jar"), Counter.class);
    jar("kv-two.jar", KvTwo.class);
    assertRefused(
        "with: [nowhere.jar]\n",
        "14:12",
        "checks.replay.with.0: expected a jar file, got 'nowhere.jar'");
    assertRefused(
        "with: [counter.jar]\n",
        "14:12",
        "expected a jar of a chain code the network runs [kv, token], got 'counter' version 1");
    assertRefused("with: []\n", "14:5", "checks.replay.with: expected at least one chain-code jar");
    assertRefused(
        "with: [kv-two.jar, kv-two.jar]\n",
        "14:24",
        "one jar per chain code, got a second for 'kv'");
    assertRefused(
        "with: [kv-two.jar]\nnode: n9\n",
        "15:5",
        "checks.replay.node: expected one of the honest nodes [n0, n1, n2, n3], got 'n9'");
    assertRefused("with: [kv-two.jar]\nnodes: n1\n", "15:5", "unknown key 'nodes'");
    assertRefused(
        "with: ['']\n", "14:12", "checks.replay.with.0: expected the path of a chain-code jar");
    Path notAJar = Files.writeString(dir.resolve("text.jar"), "not a jar");
    assertRefused(
        "with: [" + notAJar.getFileName() + "]\n",
        "14:12",
        "expected a jar the chain-code sandbox accepts");
  }

  @Test
  void aReplayParsesIntoItsSpec() throws Exception {
    Path kv = jar("kv-two.jar", KvTwo.class);
    Path file = Files.writeString(dir.resolve("ok.yaml"), scenario("with: [kv-two.jar]\n"));
    Scenario s = ScenarioParser.read(file);
    assertThat(s.checks().replay()).contains(new Scenario.ReplaySpec(List.of(kv), null));
  }
}
