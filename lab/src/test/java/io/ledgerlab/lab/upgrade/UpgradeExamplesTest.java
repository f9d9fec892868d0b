package io.ledgerlab.lab.upgrade;

import static io.ledgerlab.lab.testing.Runs.check;
import static io.ledgerlab.lab.testing.Runs.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade examples on the sim engine, as a user runs them (the process engine runs them in
 * {@code UpgradeExamplesIT}): governance, a rolling upgrade that carries the jar, the missing-code
 * halt and resume of the node upgraded last, and every check VALID.
 */
class UpgradeExamplesTest {
  @TempDir Path dir;

  private static List<JsonNode> events(Path log) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      out.add(json.readTree(line));
    }
    return out;
  }

  static Scenario example(String name, String engine) throws Exception {
    Path file = Path.of("..", "examples", name + ".yaml");
    return ScenarioParser.parse(file.toString(), Files.readString(file), engine);
  }

  @Test
  void theSafeUpgradeIsValidAndTheNodeUpgradedLastHaltsUntilItHasTheJar() throws Exception {
    Scenario scenario = example("upgrade", "sim");
    Runs runs = new Runs(dir);

    RunSummary r = runs.run(scenario, Files.readString(Path.of("../examples/upgrade.yaml")));

    assertThat(verdicts(r)).as("%s", r.checks()).doesNotContainValue("INVALID");
    assertThat(verdicts(r)).doesNotContainValue("UNKNOWN");
    assertThat(check(r, "versions").details()).contains("v2 on [n0 from", "n3 from");
    assertThat(check(r, "replay").validity()).as(check(r, "replay").details()).isEqualTo("VALID");
    List<JsonNode> n3 = events(runs.lastRun().resolve("logs/n3.jsonl"));
    JsonNode missing =
        n3.stream()
            .filter(e -> e.path("event").asText().equals("upgrade.missing_code"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("n3, still on v1 at the height, lacks the jar"));
    long height = missing.path("height").asLong();
    assertThat(n3.subList(n3.indexOf(missing), n3.size()))
        .as("after its upgrade n3 has the jar and commits the height it lacked code for")
        .anyMatch(
            e ->
                e.path("event").asText().equals("block.committed")
                    && e.path("height").asLong() >= height);
    assertThat(Files.readString(runs.lastRun().resolve("logs/n0.jsonl")))
        .as("n0 was upgraded before the height")
        .doesNotContain("upgrade.missing_code");
  }

  @Test
  void replayingUnderAVersionThatBreaksHistoryNamesTheFirstOldTransaction() throws Exception {
    Scenario scenario = example("upgrade-breaks", "sim");

    RunSummary r =
        new Runs(dir).run(scenario, Files.readString(Path.of("../examples/upgrade-breaks.yaml")));

    RunSummary.Check replay = check(r, "replay");
    assertThat(replay.validity()).as(replay.details()).isEqualTo("INVALID");
    assertThat(replay.details()).containsPattern("block \\d+").contains("transaction");
    assertThat(verdicts(r)).as("only the replay fails").containsEntry("safety", "VALID");
  }
}
