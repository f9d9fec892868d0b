package io.ledgerlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.chaincode.KvTwo;
import io.ledgerlab.lab.chaincode.KvTwoEcho;
import io.ledgerlab.lab.chaincode.TestJars;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code replay} check on node processes: the chain is read over JSON-RPC from a running node
 * and replayed in the lab, with the same verdicts as on the simulator.
 */
@Timeout(300)
class ReplayCheckIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"kv-two.jar, VALID", "kv-echo.jar, INVALID"})
  void aKvLoadReplaysOverRpcUnderAVersionTwo(String jar, String verdict) throws Exception {
    TestJars.pack(dir.resolve("kv-two.jar"), KvTwo.class);
    TestJars.pack(dir.resolve("kv-echo.jar"), KvTwoEcho.class, KvTwo.class);
    String yaml =
        """
        name: replay-process
        engine: process
        network:
          name: rp
          validators: 4
          blockInterval: 200ms
        workload:
          kind: kv
          rate: 20/s
          duration: 3s
          warmup: 0s
        checks:
          quiet: 1s
          replay:
            with: [%s]
            node: n1
        """
            .formatted(jar);
    Path file = Files.writeString(dir.resolve("scenario.yaml"), yaml);
    Runs runs = new Runs(dir);
    RunSummary s = runs.run(ScenarioParser.read(file), yaml);
    RunSummary.Check replay = Runs.check(s, "replay");
    assertThat(replay.validity()).as("%s\n%s", replay.details(), runs.console()).isEqualTo(verdict);
    assertThat(replay.details()).startsWith("n1's chain: " + verdict);
    if (verdict.equals("INVALID")) {
      assertThat(replay.details())
          .containsPattern("first divergence: block [0-9]+, transaction [0-9]+ [0-9a-f]{64}")
          .contains("the receipts differ; the writes agree");
    }
    assertThat(runs.console()).anySatisfy(l -> assertThat(l).startsWith("replaying n1's chain ("));
  }
}
