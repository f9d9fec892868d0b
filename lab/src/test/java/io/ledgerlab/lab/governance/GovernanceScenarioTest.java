package io.ledgerlab.lab.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.chaincode.Counter;
import io.ledgerlab.lab.chaincode.CounterV2;
import io.ledgerlab.lab.chaincode.TestJars;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import io.ledgerlab.ledger.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network.operators} and the scenario's {@code governance} steps: read with every problem
 * named by file, line and column, and driven by the pipeline on a simulated network.
 */
class GovernanceScenarioTest {
  @TempDir Path dir;

  private static final String SCENARIO =
      """
      name: gov
      engine: sim
      network:
        name: gov
        validators: 4
        blockInterval: 200ms
        operators: {count: 3, threshold: 2}
        chainCode:
          - jar: counter.jar
      workload: {kind: transfer, rate: 20/s, duration: 12s, warmup: 0s}
      governance:
        - at: 2s
          install: {chainCode: counter, version: 2, jar: counter-2.jar, activateAt: "+8"}
      checks: {liveness: 20s, quiet: 2s}
      """;

  @BeforeEach
  void jars() throws Exception {
    TestJars.pack(dir.resolve("counter.jar"), Counter.class);
    TestJars.pack(dir.resolve("counter-2.jar"), CounterV2.class);
  }

  private Scenario parse(String yaml) throws Exception {
    return ScenarioParser.read(Files.writeString(dir.resolve("s.yaml"), yaml));
  }

  private String error(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("s.yaml"), yaml);
    ManifestException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ManifestException.class, () -> ScenarioParser.read(file));
    assertThat(e).as("an error for %s", yaml).isNotNull();
    return e.getMessage();
  }

  @Test
  void stepsAreReadWithTheirJarHashedAndTheThresholdAsDefaultApprovals() throws Exception {
    Scenario s = parse(SCENARIO);
    assertThat(s.network().operators().count()).isEqualTo(3);
    assertThat(s.network().operators().threshold()).isEqualTo(2);
    assertThat(s.governance())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.atMicros()).isEqualTo(2_000_000);
              assertThat(g.chainCode()).isEqualTo("counter");
              assertThat(g.version()).isEqualTo(2);
              assertThat(g.sha256()).isEqualTo(Sandbox.sha256Hex(dir.resolve("counter-2.jar")));
              assertThat(g.relative()).isTrue();
              assertThat(g.activationHeight(30)).isEqualTo(38);
              assertThat(g.approvals()).isEqualTo(2);
            });
    assertThat(CodePlacement.jarsFor(s.network(), s.governance(), "n2"))
        .containsExactly(dir.resolve("counter-2.jar"));
    Scenario absolute = parse(SCENARIO.replace("\"+8\"", "120"));
    assertThat(absolute.governance().get(0).activationHeight(30)).isEqualTo(120);
    assertThat(absolute.governance().get(0).relative()).isFalse();
  }

  @Test
  void theManifestsOperatorsAreCheckedWithTheirPlace() throws Exception {
    assertThat(error(SCENARIO.replace("{count: 3, threshold: 2}", "{count: 3, threshold: 4}")))
        .contains("s.yaml:7:")
        .contains("network.operators.threshold")
        .contains("expected a threshold in [1, 3] (M of N operators), got 4");
    assertThat(error(SCENARIO.replace("{count: 3, threshold: 2}", "{count: 0}")))
        .contains("network.operators.count")
        .contains("how many operators, 1 to 64, got 0");
    assertThat(error(SCENARIO.replace("{count: 3, threshold: 2}", "{count: 3, m: 2}")))
        .contains("s.yaml:7:")
        .contains("unknown key 'm'");
    Path manifest = Files.writeString(dir.resolve("m.yaml"), "name: m\noperators: {count: 5}\n");
    assertThat(ManifestParser.read(manifest).operators().threshold())
        .as("a majority by default")
        .isEqualTo(3);
  }

  @Test
  void governanceWithoutOperatorsIsRefusedWithItsPlace() throws Exception {
    assertThat(error(SCENARIO.replace("  operators: {count: 3, threshold: 2}\n", "")))
        .contains("s.yaml:10:1")
        .contains("expected network.operators as well");
  }

  @Test
  void aJarThatHoldsAnotherVersionIsRefusedWithItsPlace() throws Exception {
    assertThat(
            error(
                SCENARIO.replace(
                    "version: 2, jar: counter-2.jar", "version: 3, jar: counter-2.jar")))
        .contains("s.yaml:13:")
        .contains("governance.0.install.jar")
        .contains("a jar holding counter version 3; it holds counter version 2");
    assertThat(error(SCENARIO.replace("jar: counter-2.jar", "jar: none.jar")))
        .contains("governance.0.install.jar")
        .contains("a jar file, got 'none.jar'");
  }

  @Test
  void badTimesHeightsAndApprovalsAreRefusedWithTheirPlace() throws Exception {
    assertThat(error(SCENARIO.replace("\"+8\"", "\"+1\"")))
        .contains("governance.0.install.activateAt")
        .contains("+3 or more");
    assertThat(error(SCENARIO.replace("\"+8\"", "soon")))
        .contains("governance.0.install.activateAt")
        .contains("got 'soon'");
    assertThat(error(SCENARIO.replace("  - at: 2s\n", "  - at: 20s\n")))
        .contains("s.yaml:12:")
        .contains("governance.0.at")
        .contains("a time within the load phase");
    assertThat(error(SCENARIO.replace("  - at: 2s\n", "  - at: 2s\n    approvals: 4\n")))
        .contains("governance.0.approvals")
        .contains("1 to 3, got 4");
    assertThat(error(SCENARIO.replace("  - at: 2s\n", "  - at: 2s\n    approve: 2\n")))
        .contains("unknown key 'approve'");
    assertThat(
            error(
                SCENARIO.replace(
                    "chainCode: counter, version: 2", "chainCode: Counter, version: 2")))
        .contains("governance.0.install.chainCode");
  }

  @Test
  void thePipelineProposesAndApprovesAndTheInstallActivatesOnEveryNode() throws Exception {
    Runs runs = new Runs(dir);
    String yaml = Files.readString(Files.writeString(dir.resolve("s.yaml"), SCENARIO));
    RunSummary r = runs.run(ScenarioParser.read(dir.resolve("s.yaml")), yaml);
    assertThat(r.verdict()).as("%s", r.checks()).isEqualTo("VALID");
    assertThat(r.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .matches(
                        "governance proposal 1 \\(counter version 2, activation height \\d+\\):"
                            + " active, approved by op0, op1"));
    assertThat(runs.console())
        .anySatisfy(l -> assertThat(l).contains("proposed 1: counter version 2 at +8"));
    for (String node : new String[] {"n0", "n1", "n2", "n3"}) {
      assertThat(
              runs.lastRun()
                  .resolve("nodes")
                  .resolve(node)
                  .resolve("code")
                  .resolve("counter-2.jar"))
          .as("the jar is in %s's code directory", node)
          .exists();
      assertThat(Files.readString(runs.lastRun().resolve("logs").resolve(node + ".jsonl")))
          .doesNotContain("upgrade.missing_code");
    }
    assertThat(Files.readString(runs.lastRun().resolve("logs").resolve("lab.jsonl")))
        .contains("lab.governance.proposed")
        .contains("lab.governance.approved");
  }

  @Test
  void oneApprovalOfTheTwoNeededLeavesTheProposalToExpire() throws Exception {
    Runs runs = new Runs(dir);
    String yaml = SCENARIO.replace("  - at: 2s\n", "  - at: 2s\n    approvals: 1\n");
    Files.writeString(dir.resolve("s.yaml"), yaml);
    RunSummary r = runs.run(ScenarioParser.read(dir.resolve("s.yaml")), yaml);
    assertThat(r.verdict()).as("%s", r.checks()).isEqualTo("VALID");
    assertThat(r.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .matches(
                        "governance proposal 1 \\(counter version 2, activation height \\d+\\):"
                            + " expired, approved by op0"));
    assertThat(Files.readString(runs.lastRun().resolve("logs").resolve("lab.jsonl")))
        .contains("lab.governance.proposed")
        .doesNotContain("lab.governance.approved");
  }
}
