package io.ledgerlab.lab.check;

import static io.ledgerlab.lab.testing.Runs.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed versions and the rolling upgrade on the sim engine, end to end through the pipeline: a
 * version whose execution rule differs (here the {@code mint} canary's token) is named by the
 * {@code versions} check with the first height it parted from the chain; a version that executes
 * alike passes, and a network of one version does not get the check at all.
 */
class VersionsCheckTest {
  private static final String LOAD =
      "workload: {rate: 20/s, duration: 15s, warmup: 0s}\n"
          + "checks: {liveness: 20s, quiet: 3s}\n";

  @TempDir Path dir;

  private static String scenario(String v2, String nodes, String schedule) {
    return "name: t\nengine: sim\nseed: 3\nnetwork:\n  name: t\n"
        + "  versions:\n    v1: {}\n    v2: "
        + v2
        + "\n"
        + nodes
        + LOAD
        + (schedule.isEmpty() ? "" : "faults:\n  schedule:\n" + schedule);
  }

  private static final String UPGRADE_N2 = "    - {at: 4s, fault: upgrade, node: n2, to: v2}\n";

  @Test
  void aRollingUpgradeToAVersionThatExecutesDifferentlyIsNamedWithItsFirstHeight()
      throws Exception {
    RunSummary r = new Runs(dir).run(scenario("{canary: mint}", "  validators: 4\n", UPGRADE_N2));

    RunSummary.Check versions = check(r, "versions");
    assertThat(versions.validity()).as(versions.details()).isEqualTo("INVALID");
    assertThat(versions.details())
        .startsWith("version v2 diverges at height ")
        .contains("n2 (on v2) refused the committed block")
        .contains("state root")
        .contains("v1 on [n0, n1, n2, n3]")
        .containsPattern("v2 on \\[n2 from 4\\.\\ds\\]");
  }

  @Test
  void aRollingUpgradeToAVersionThatExecutesAlikeAgrees() throws Exception {
    RunSummary r = new Runs(dir).run(scenario("{}", "  validators: 4\n", UPGRADE_N2));

    RunSummary.Check versions = check(r, "versions");
    assertThat(versions.validity()).as(versions.details()).isEqualTo("VALID");
    assertThat(versions.details())
        .containsPattern("v2 on \\[n2 from 4\\.\\ds\\]")
        .contains("the state roots agree up to height");
    assertThat(Runs.verdicts(r)).as("every check").doesNotContainValue("INVALID");
  }

  @Test
  void aNodeOnADivergentVersionFromTheStartIsNamedToo() throws Exception {
    RunSummary r =
        new Runs(dir)
            .run(
                scenario(
                    "{canary: mint}",
                    "  nodes:\n    - {name: n0}\n    - {name: n1}\n    - {name: n2}\n"
                        + "    - {name: n3, version: v2}\n",
                    ""));

    RunSummary.Check versions = check(r, "versions");
    assertThat(versions.validity()).as(versions.details()).isEqualTo("INVALID");
    assertThat(versions.details()).contains("version v2 diverges").contains("v2 on [n3]");
  }

  @Test
  void oneVersionGetsNoVersionsCheck() throws Exception {
    RunSummary r =
        new Runs(dir).run("name: t\nengine: sim\nnetwork:\n  name: t\n  validators: 4\n" + LOAD);

    assertThat(r.checks()).extracting(RunSummary.Check::name).doesNotContain("versions");
  }
}
