package io.ledgerlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two scenarios of nodes that help, as they ship (examples/relay.yaml, examples/rescue.yaml),
 * pass; each fails, at the threshold that measures what the feature is for, with its key taken out.
 * In the simulator, so each run is the same every time.
 */
class NodesThatHelpScenariosTest {
  @TempDir Path dir;

  private static String example(String name) throws Exception {
    return Files.readString(Path.of("..", "examples", name + ".yaml"));
  }

  private int runs;

  private RunSummary run(String yaml) throws Exception {
    return new Runs(Files.createDirectories(dir.resolve("run-" + ++runs))).run(yaml);
  }

  @Test
  void theSplitValidatorsKeepCommittingOnlyWhenTheObserverRelaysTheirVotes() throws Exception {
    String shipped = example("relay");

    RunSummary with = run(shipped);
    RunSummary without = run(shipped.replace("relay: true", "relay: false"));

    assertThat(with.verdict()).as("%s", with.checks()).isEqualTo("VALID");
    assertThat(Runs.check(with, "threshold: throughput > 30/s").validity()).isEqualTo("VALID");
    assertThat(without.verdict()).isEqualTo("INVALID");
    assertThat(Runs.check(without, "threshold: throughput > 30/s").details())
        .as("nothing commits while no side has a quorum")
        .startsWith("throughput was 0.0/s");
    assertThat(Runs.check(without, "threshold: p99 < 5s").validity()).isEqualTo("INVALID");
    // Safety and liveness hold either way: without relay the chain waits for the heal.
    assertThat(Runs.verdicts(without)).containsEntry("safety", "VALID");
    assertThat(Runs.verdicts(without)).containsEntry("liveness", "VALID");
  }

  @Test
  void whatTheKilledEntryNodeAcceptedCommitsOnlyWhenTheObserverRescuesIt() throws Exception {
    String shipped = example("rescue");

    RunSummary with = run(shipped);
    RunSummary without = run(shipped.replace("  rescueAfter: 1s\n", ""));

    assertThat(with.verdict()).as("%s", with.checks()).isEqualTo("VALID");
    assertThat(Runs.check(with, "threshold: lost <= 0").details()).startsWith("lost was 0.0");
    assertThat(without.verdict()).isEqualTo("INVALID");
    RunSummary.Check lost = Runs.check(without, "threshold: lost <= 0");
    assertThat(lost.validity()).isEqualTo("INVALID");
    assertThat(lost.details()).doesNotStartWith("lost was 0.0");
    assertThat(Runs.verdicts(without)).containsEntry("durability", "VALID");
  }
}
