package io.ledgerlab.lab.sim;

import static io.ledgerlab.lab.testing.Runs.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Observers in the simulated world: they follow the chain the validators commit. */
class ObserversSimTest {
  private static final String FOUR_AND_TWO =
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
      """;

  @TempDir Path dir;

  @Test
  void fourValidatorsCommitAndTwoObserversFollow() throws Exception {
    Runs runs = new Runs(dir);

    RunSummary r = runs.run(FOUR_AND_TWO);

    for (String c :
        new String[] {"safety", "state-agreement", "liveness", "durability", "nodes", "evidence"}) {
      assertThat(check(r, c).validity()).as(check(r, c).toString()).isEqualTo("VALID");
    }
    // The honest nodes the checks judge are six: the observers are honest nodes too.
    assertThat(check(r, "nodes").details()).contains("the 6 honest nodes ran to the end");
    assertThat(check(r, "safety").details()).contains("6 honest nodes agree");
    assertThat(runs.console().get(0))
        .contains("starting 6 nodes (o0, o1 observe) on the sim engine")
        .contains("0 Byzantine of 4 is within f = 1");
    assertThat(r.network().nodes())
        .extracting(RunSummary.NodeInfo::role)
        .containsExactly("honest", "honest", "honest", "honest", "observer", "observer");
    assertThat(r.observers()).isNotNull();
    assertThat(r.observers().observers()).containsExactly("o0", "o1");
    for (String o : new String[] {"o0", "o1"}) {
      String log = Files.readString(runs.lastRun().resolve("logs").resolve(o + ".jsonl"));
      assertThat(log).as(o + " committed blocks").contains("\"event\":\"block.committed\"");
    }
    assertThat(Files.readString(runs.lastRun().resolve("report.html")))
        .contains("<section id=\"observers\">");
  }
}
