package io.ledgerlab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerlab.lab.manifest.ManifestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario files that are empty, binary, not UTF-8, badly typed, badly indented, or a manifest:
 * each is named by file, line and column in plain words, with nothing of the parser's own text.
 */
class ScenarioBadInputTest {
  private static final String FILE = "broken.yaml";
  private static final String EXPECTED = "expected a scenario with at least a 'network' key";

  @TempDir Path dir;

  static void assertPlain(String message) {
    assertThat(message)
        .doesNotContain("Jackson")
        .doesNotContain("jackson")
        .doesNotContain("com.fasterxml")
        .doesNotContainIgnoringCase("snakeyaml")
        .doesNotContain("Cannot deserialize")
        .doesNotContain("Cannot construct")
        .doesNotContain("Input length")
        .doesNotContain("java.lang")
        .doesNotContain("\n");
  }

  private static String parseError(String yaml) {
    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> ScenarioParser.parse(FILE, yaml));
    assertThat(e).as("a ManifestException for %s", yaml).isNotNull();
    assertPlain(e.getMessage());
    return e.getMessage();
  }

  private String readError(byte[] bytes) throws Exception {
    Path file = Files.write(dir.resolve("x.yaml"), bytes);
    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> ScenarioParser.read(file));
    assertThat(e).isNotNull();
    assertPlain(e.getMessage());
    return e.getMessage();
  }

  private Path x() {
    return dir.resolve("x.yaml");
  }

  @Test
  void anEmptyFileSaysWhatAScenarioNeeds() throws Exception {
    assertThat(readError(new byte[0])).isEqualTo(x() + ": the file is empty; " + EXPECTED);
  }

  @Test
  void aFileOfOnlyCommentsIsEmpty() throws Exception {
    assertThat(readError("# todo\n   \n# network: ...\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(x() + ": the file is empty (only comments); " + EXPECTED);
  }

  @Test
  void aBinaryFileIsNamed() throws Exception {
    assertThat(readError(new byte[] {'n', 'e', 't', 0, 0, 0}))
        .isEqualTo(x() + ":1:4: a binary file, not YAML text (byte 0x00)");
    assertThat(readError(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}))
        .isEqualTo(x() + ": this is a PNG image, not YAML text");
  }

  @Test
  void latin1IsNotUtf8() throws Exception {
    byte[] bytes = "network:\n  name: t\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(readError(bytes))
        .isEqualTo(x() + ":3:10: not UTF-8 text (byte 0xE9); save the file as UTF-8");
  }

  private record Case(String what, String yaml, String message) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Arguments> badScenarios() {
    return Stream.of(
            new Case(
                "a seed with a fraction",
                "network: {name: t}\nseed: 1.5\n",
                ":2:7: seed: expected a whole number, got the number 1.5"),
            new Case(
                "a number for the workload",
                "network: {name: t}\nworkload: 5\n",
                ":2:11: workload: expected a map with keys kind, rate, shape, rampTo, steps,"
                    + " stepEvery, clients, batch, duration, warmup, options, got the number 5"),
            new Case(
                "text for the network",
                "network: \"x\"\n",
                ":1:10: network: expected a map with keys name, target, targetOptions, chainId, validators, nodes,"
                    + " accounts, balance, blockInterval, links, launch, chainCode, versions, operators,"
                    + " observers, relay, rescueAfter, monitoring, got text 'x'"),
            new Case(
                "validators as a word in the network",
                "network:\n  name: t\n  validators: four\n",
                ":3:15: network.validators: expected a whole number, got text 'four'"),
            new Case(
                "clients as text",
                "network: {name: t}\nworkload:\n  clients: many\n",
                ":3:12: workload.clients: expected a whole number, got text 'many'"),
            new Case(
                "a map for a fault step's time",
                "network: {name: t}\nfaults:\n  schedule:\n    - at: {s: 10}\n      fault: kill\n",
                ":4:11: faults.schedule.0.at: expected text, got a map"),
            new Case(
                "a word for the thresholds",
                "network: {name: t}\nchecks:\n  thresholds: {p99: 2s}\n",
                ":3:15: checks.thresholds: expected a list, got a map"),
            new Case(
                "a tab in the network's indentation",
                "network:\n\tname: t\n",
                ":2:1: tabs are not allowed for indentation in YAML; use spaces"),
            new Case(
                "an unclosed quote",
                "network: {name: t}\nworkload:\n  rate: \"100/s\n",
                ":3:9: this quoted text is never closed; add the closing '\"'"),
            new Case(
                "bad indentation",
                "network:\n    name: t\n  validators: 4\n",
                ":3:3: this line is indented differently from the lines before it; the keys of one"
                    + " map (and the '-' of one list) must start in the same column"),
            new Case(
                "a duplicate key",
                "network: {name: t}\nseed: 1\nseed: 2\n",
                ":3:1: the key 'seed' appears twice in one map; keep one"),
            new Case(
                "a network manifest",
                "name: t\nvalidators: 4\naccounts: 100\n",
                ": this is a network manifest, not a scenario; start it with 'ledgerlab up "
                    + FILE
                    + "', or wrap it under 'network:' in a scenario for 'ledgerlab run'"),
            new Case(
                "a manifest with links only",
                "name: t\nlinks:\n  latency: 20ms\n",
                ": this is a network manifest, not a scenario; start it with 'ledgerlab up "
                    + FILE
                    + "', or wrap it under 'network:' in a scenario for 'ledgerlab run'"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badScenarios")
  void aBadScenarioIsPlacedAndToldInPlainWords(Case c) {
    assertThat(parseError(c.yaml())).isEqualTo(FILE + c.message());
  }

  @Test
  void aManifestReadAsAScenarioNamesBothCommands() throws Exception {
    Path file = Files.writeString(dir.resolve("net.yaml"), "name: t\nnodes:\n  - name: n0\n");
    assertThat(catchThrowableOfType(ManifestException.class, () -> ScenarioParser.read(file)))
        .hasMessage(
            file
                + ": this is a network manifest, not a scenario; start it with 'ledgerlab up "
                + file
                + "', or wrap it under 'network:' in a scenario for 'ledgerlab run'");
  }

  @Test
  void aMissingScenarioSaysSo() {
    Path missing = dir.resolve("missing.yaml");
    assertThat(catchThrowableOfType(ManifestException.class, () -> ScenarioParser.read(missing)))
        .hasMessage(missing + ": cannot read the scenario: no such file");
  }
}
