package io.ledgerlab.hermetic.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each kind of instruction reads into its record; each way an instruction can be wrong is refused
 * with a message naming the file, the line and column, and the key.
 */
class InstructionTest {
  private static final String FILE = "in.json";

  private static Instruction parse(String json) throws InstructionException {
    return Instruction.parse(json.getBytes(StandardCharsets.UTF_8), FILE);
  }

  private static String error(String json) {
    InstructionException e = catchThrowableOfType(InstructionException.class, () -> parse(json));
    assertThat(e).as("refused: %s", json).isNotNull();
    assertThat(e.getMessage()).doesNotContain("com.fasterxml").doesNotContain("\n");
    return e.getMessage();
  }

  // ---- Each kind -------------------------------------------------------------------------------

  @Test
  void aRunReadsItsScenarioEngineAndDuration() throws Exception {
    Instruction in =
        parse(
            """
            {
              "id": "run-1",
              "kind": "run",
              "description": "the quick start",
              "scenario": "files/quickstart.yaml",
              "engine": "sim",
              "duration": "20s"
            }
            """);
    assertThat(in)
        .isEqualTo(
            new Instruction.Run(
                "run-1", "files/quickstart.yaml", Optional.of("sim"), Optional.of("20s")));
    assertThat(in.kind()).isEqualTo("run");
    assertThat(in.files()).containsExactly("files/quickstart.yaml");
  }

  @Test
  void aNodeUpgradeReadsItsVersionAndJars() throws Exception {
    Instruction in =
        parse(
            """
            {"id": "node-2", "kind": "upgrade-node", "version": "v2",
             "jars": ["files/ledgerlab-node.jar", "files/ledgerlab-ledger.jar"]}
            """);
    assertThat(in)
        .isEqualTo(
            new Instruction.UpgradeNode(
                "node-2", "v2", List.of("files/ledgerlab-node.jar", "files/ledgerlab-ledger.jar")));
    assertThat(in.files())
        .containsExactly("files/ledgerlab-node.jar", "files/ledgerlab-ledger.jar");
  }

  @Test
  void aNodeUpgradeNeedsJarsAndAVersionName() {
    assertThat(
            error("{\"id\": \"n\", \"kind\": \"upgrade-node\", \"version\": \"v2\", \"jars\": []}"))
        .isEqualTo(FILE + ":1:54: jars: expected a list of 1-64 feed target paths of jars");
    assertThat(
            error(
                "{\"id\": \"n\", \"kind\": \"upgrade-node\", \"version\": \"v2\","
                    + " \"jars\": [\"files/a.jar\", \"files/notes.txt\"]}"))
        .isEqualTo(
            FILE + ":1:78: jars.1: expected a feed target path of a jar such as files/node.jar");
    assertThat(
            error(
                "{\"id\": \"n\", \"kind\": \"upgrade-node\", \"version\": \"../v2\","
                    + " \"jars\": [\"files/a.jar\"]}"))
        .startsWith(FILE + ":1:37: version: expected 1-32 letters");
  }

  @Test
  void anUpgradeReadsAnAbsoluteOrARelativeActivation() throws Exception {
    Instruction absolute =
        parse(
            """
            {"id": "up-1", "kind": "upgrade-chaincode", "chainCode": "tally", "version": 2,
             "jar": "files/tally-2.jar", "activation": 120, "approvals": 3}
            """);
    assertThat(absolute)
        .isEqualTo(
            new Instruction.UpgradeChainCode(
                "up-1", "tally", 2, "files/tally-2.jar", 120, false, Optional.of(3)));
    assertThat(absolute.files()).containsExactly("files/tally-2.jar");

    Instruction relative =
        parse(
            """
            {"id": "up-2", "kind": "upgrade-chaincode", "chainCode": "tally", "version": 2,
             "jar": "files/tally-2.jar", "activation": "+20"}
            """);
    assertThat(relative)
        .isEqualTo(
            new Instruction.UpgradeChainCode(
                "up-2", "tally", 2, "files/tally-2.jar", 20, true, Optional.empty()));
  }

  @Test
  void aLogCollectionReadsAWindowOrALastDuration() throws Exception {
    Instruction window =
        parse(
            """
            {"id": "logs-1", "kind": "collect-logs",
             "since": "2026-11-29T10:00:00Z", "until": "2026-11-29T11:00:00Z"}
            """);
    assertThat(window)
        .isEqualTo(
            new Instruction.CollectLogs(
                "logs-1",
                Optional.of(Instant.parse("2026-11-29T10:00:00Z")),
                Optional.of(Instant.parse("2026-11-29T11:00:00Z")),
                Optional.empty()));
    assertThat(window.files()).isEmpty();

    Instruction last = parse("{\"id\": \"logs-2\", \"kind\": \"collect-logs\", \"last\": \"10m\"}");
    assertThat(((Instruction.CollectLogs) last).lastMicros()).contains(600_000_000L);
  }

  // ---- Refusals --------------------------------------------------------------------------------

  @Test
  void anUnknownKeyIsNamedWithItsLineAndColumn() {
    assertThat(
            error(
                """
                {
                  "id": "run-1",
                  "kind": "run",
                  "scenario": "files/q.yaml",
                  "colour": "red"
                }
                """))
        .isEqualTo(
            FILE
                + ":5:3: colour: unknown key for kind run; expected one of"
                + " [id, kind, description, scenario, engine, duration]");
  }

  @Test
  void aMissingIdIsNamed() {
    assertThat(error("{\n  \"kind\": \"run\",\n  \"scenario\": \"files/q.yaml\"\n}"))
        .isEqualTo(FILE + ":1:1: id: expected a non-empty string");
  }

  @Test
  void anIdThatIsNotAFileNameIsRefused() {
    assertThat(error("{\n  \"kind\": \"run\",\n  \"id\": \"../etc\"\n}"))
        .isEqualTo(
            FILE
                + ":3:3: id: expected 1-64 letters, digits, _ . - (not starting with . or -),"
                + " got '../etc'");
    assertThat(error("{\"id\": \"" + "a".repeat(65) + "\", \"kind\": \"run\"}"))
        .startsWith(FILE + ":1:2: id: expected 1-64 letters");
    assertThat(error("{\"id\": 7, \"kind\": \"run\"}"))
        .isEqualTo(FILE + ":1:2: id: expected a non-empty string");
  }

  @Test
  void anUnknownKindIsRefusedWithTheKinds() {
    assertThat(error("{\n  \"id\": \"x\",\n  \"kind\": \"reboot\"\n}"))
        .isEqualTo(
            FILE
                + ":3:3: kind: expected one of [collect-logs, run, upgrade-chaincode,"
                + " upgrade-node], got 'reboot'");
  }

  @Test
  void aBadActivationIsRefused() {
    for (String activation : List.of("0", "-5", "\"20\"", "\"+0\"", "\"soon\"", "1.5", "null")) {
      assertThat(
              error(
                  """
                  {"id": "up", "kind": "upgrade-chaincode", "chainCode": "tally", "version": 2,
                   "jar": "files/t.jar",
                   "activation": %s}
                  """
                      .formatted(activation)))
          .as("activation %s", activation)
          .isEqualTo(
              FILE
                  + ":3:2: activation: expected a height (120) or a distance from the head"
                  + " (\"+20\")");
    }
  }

  @Test
  void lastWithSinceIsRefused() {
    assertThat(
            error(
                """
                {"id": "logs", "kind": "collect-logs",
                 "since": "2026-11-29T10:00:00Z",
                 "last": "10m"}
                """))
        .isEqualTo(FILE + ":3:2: last: give 'last' or 'since', not both");
  }

  @Test
  void aWindowThatEndsBeforeItStartsIsRefused() {
    assertThat(
            error(
                """
                {"id": "logs", "kind": "collect-logs",
                 "since": "2026-11-29T10:00:00Z",
                 "until": "2026-11-29T09:00:00Z"}
                """))
        .isEqualTo(FILE + ":3:2: until: must be after 'since'");
  }

  @Test
  void anUnsafeTargetPathIsRefused() {
    for (String path : List.of("../x", "files/../../x", "/etc/passwd", "files/./x", "a\\\\b")) {
      assertThat(
              error(
                  """
                  {"id": "run-1", "kind": "run",
                   "scenario": "%s"}
                  """
                      .formatted(path)))
          .as("scenario %s", path)
          .startsWith(FILE + ":2:2: scenario: expected a feed target path such as");
    }
    assertThat(
            error(
                """
                {"id": "up", "kind": "upgrade-chaincode", "chainCode": "tally", "version": 2,
                 "jar": "../tally.jar", "activation": 5}
                """))
        .startsWith(FILE + ":2:2: jar: expected a feed target path such as")
        .endsWith("got '../tally.jar'");
  }

  @Test
  void aDuplicateKeyIsRefusedNotLastOneWins() {
    assertThat(error("{\n  \"id\": \"a\",\n  \"id\": \"b\",\n  \"kind\": \"collect-logs\"\n}"))
        .matches(java.util.regex.Pattern.quote(FILE) + ":3:\\d+: not valid JSON: .*'id'.*");
  }

  @Test
  void trailingGarbageIsRefused() {
    assertThat(error("{\"id\": \"a\", \"kind\": \"collect-logs\"}\nrm -rf"))
        .matches(java.util.regex.Pattern.quote(FILE) + ":2:\\d+: not valid JSON: .*");
    assertThat(error("{\"id\": \"a\", \"kind\": \"collect-logs\"}\n{\"id\": \"b\"}"))
        .isEqualTo(FILE + ":2:1: not valid JSON: more after the end of the instruction's object");
  }

  @Test
  void badValuesOfEachKindAreNamed() {
    assertThat(
            error(
                "{\"id\": \"r\", \"kind\": \"run\", \"scenario\": \"s.yaml\", \"engine\": \"vm\"}"))
        .isEqualTo(FILE + ":1:50: engine: expected sim or process, got 'vm'");
    assertThat(
            error(
                "{\"id\": \"r\", \"kind\": \"run\", \"scenario\": \"s.yaml\", \"duration\": \"soon\"}"))
        .isEqualTo(FILE + ":1:50: duration: expected a duration such as 20s, got 'soon'");
    assertThat(error("{\"id\": \"r\", \"kind\": \"run\"}"))
        .isEqualTo(FILE + ":1:1: scenario: expected a non-empty string");
    assertThat(
            error(
                "{\"id\": \"u\", \"kind\": \"upgrade-chaincode\", \"chainCode\": \"t\","
                    + " \"version\": 0, \"jar\": \"j.jar\", \"activation\": 5}"))
        .isEqualTo(FILE + ":1:60: version: expected a positive integer");
    assertThat(error("{\"id\": \"l\", \"kind\": \"collect-logs\", \"since\": \"yesterday\"}"))
        .isEqualTo(
            FILE
                + ":1:37: since: expected a UTC time such as 2026-11-29T10:00:00Z, got"
                + " 'yesterday'");
    assertThat(error("{\"id\": \"l\", \"kind\": \"collect-logs\", \"last\": \"0s\"}"))
        .isEqualTo(FILE + ":1:37: last: expected a duration such as 10m, got '0s'");
  }

  @Test
  void somethingThatIsNotAnObjectIsRefused() {
    assertThat(error("[1, 2]")).isEqualTo(FILE + ": expected a JSON object with 'id' and 'kind'");
    assertThat(error("")).isEqualTo(FILE + ": expected a JSON object with 'id' and 'kind'");
    assertThat(error("{\"id\": \"a\",")).startsWith(FILE + ":1:").contains("not valid JSON");
  }
}
