package io.ledgerlab.lab.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
 * Manifests that are not manifests at all, or not YAML, or not text: each is named by file, line
 * and column in plain words, with nothing of the parser's own text.
 */
class BadInputTest {
  private static final String FILE = "broken.yaml";
  private static final String KEYS =
      "name, target, targetOptions, chainId, validators, nodes, accounts, balance, blockInterval, links, launch, chainCode, versions, operators, observers, relay, rescueAfter, monitoring";

  @TempDir Path dir;

  /** Text a user must never see: library names and their raw messages. */
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
        catchThrowableOfType(ManifestException.class, () -> ManifestParser.parse(FILE, yaml));
    assertThat(e).as("a ManifestException for %s", yaml).isNotNull();
    assertPlain(e.getMessage());
    return e.getMessage();
  }

  private String readError(String name, byte[] bytes) throws Exception {
    Path file = Files.write(dir.resolve(name), bytes);
    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> ManifestParser.read(file));
    assertThat(e).isNotNull();
    assertPlain(e.getMessage());
    return e.getMessage();
  }

  private Path path(String name) {
    return dir.resolve(name);
  }

  // ---- Files that hold no manifest -------------------------------------------------------------

  @Test
  void anEmptyFileSaysWhatItShouldHold() throws Exception {
    assertThat(readError("x.yaml", new byte[0]))
        .isEqualTo(
            path("x.yaml")
                + ": the file is empty; expected a network manifest with at least a 'name' key");
  }

  @Test
  void aFileOfOnlyWhitespaceIsEmpty() {
    assertThat(parseError("  \n\n   \n"))
        .isEqualTo(
            FILE + ": the file is empty; expected a network manifest with at least a 'name' key");
  }

  @Test
  void aFileOfOnlyCommentsIsEmpty() {
    assertThat(parseError("# a manifest, some day\n\n  # not yet\n---\n"))
        .isEqualTo(
            FILE
                + ": the file is empty (only comments); expected a network manifest with at least"
                + " a 'name' key");
  }

  @Test
  void aPngIsNamedAsAnImage() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H'};
    assertThat(readError("x.yaml", png))
        .isEqualTo(path("x.yaml") + ": this is a PNG image, not YAML text");
  }

  @Test
  void nulBytesAreABinaryFileAtTheFirstNul() throws Exception {
    byte[] bytes = "name: t\nvalidators: 4\u0000\u0000\u0001".getBytes(StandardCharsets.UTF_8);
    assertThat(readError("x.yaml", bytes))
        .isEqualTo(path("x.yaml") + ":2:14: a binary file, not YAML text (byte 0x00)");
  }

  @Test
  void aNulCharacterInTextIsPlaced() {
    assertThat(parseError("name: t\nvalid\u0000ators: 4\n"))
        .isEqualTo(
            FILE
                + ":2:6: the control character U+0000 is not allowed in YAML text; is this a"
                + " binary file?");
  }

  @Test
  void latin1IsNotUtf8AndTheByteIsPlaced() throws Exception {
    byte[] bytes = "name: t\n# caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(readError("x.yaml", bytes))
        .isEqualTo(path("x.yaml") + ":2:6: not UTF-8 text (byte 0xE9); save the file as UTF-8");
  }

  @Test
  void aBadByteAfterWideCharactersCountsCharactersNotBytes() throws Exception {
    byte[] head = "name: t\nchainId: \u00e9\u00e9".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[head.length + 2];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xFF;
    bytes[head.length + 1] = '\n';
    assertThat(readError("x.yaml", bytes))
        .isEqualTo(path("x.yaml") + ":2:12: not UTF-8 text (byte 0xFF); save the file as UTF-8");
  }

  @Test
  void aByteOrderMarkIsAccepted() throws Exception {
    byte[] text = "name: t\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[text.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(text, 0, bytes, 3, text.length);
    Path file = Files.write(dir.resolve("bom.yaml"), bytes);

    assertThat(ManifestParser.read(file).name()).isEqualTo("t");
  }

  @Test
  void aMissingFileAndADirectorySaySo() throws Exception {
    Path missing = path("missing.yaml");
    assertThat(catchThrowableOfType(ManifestException.class, () -> ManifestParser.read(missing)))
        .hasMessage(missing + ": cannot read the manifest: no such file");
    assertThat(catchThrowableOfType(ManifestException.class, () -> ManifestParser.read(dir)))
        .hasMessage(dir + ": cannot read the manifest: it is a directory");
  }

  // ---- Values of the wrong type ----------------------------------------------------------------

  private record Case(String what, String yaml, String message) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
            new Case(
                "validators as a word",
                "name: t\nvalidators: four\n",
                ":2:13: validators: expected a whole number, got text 'four'"),
            new Case(
                "accounts as a list",
                "name: t\naccounts: [1,2]\n",
                ":2:11: accounts: expected a whole number, got a list"),
            new Case(
                "balance with a fraction",
                "name: t\nbalance: 1.5\n",
                ":2:10: balance: expected a whole number, got the number 1.5"),
            new Case(
                "accounts too large for a whole number",
                "name: t\naccounts: 99999999999\n",
                ":2:22: accounts: expected a whole number from -2147483648 to 2147483647, got"
                    + " the number 99999999999"),
            new Case(
                "a map where text belongs",
                "name: t\nblockInterval: {every: 1s}\n",
                ":2:16: blockInterval: expected text, got a map"),
            new Case(
                "a list where text belongs",
                "name: [a, b]\n",
                ":1:7: name: expected text, got a list"),
            new Case(
                "a number where a map belongs",
                "name: t\nlinks: 5\n",
                ":2:8: links: expected a map with keys latency, jitter, loss, bandwidth, via, got the"
                    + " number 5"),
            new Case(
                "text where a list belongs",
                "name: t\nlaunch:\n  jvmOptions: -Xmx64m\n",
                ":3:15: launch.jvmOptions: expected a list, got text '-Xmx64m'"),
            new Case(
                "a list where a node belongs",
                "name: t\nnodes:\n  - [n0]\n",
                ":3:5: nodes.0: expected a map with keys name, role, power, behaviour, clockOffset, canary, twin, version, got a"
                    + " list"),
            new Case(
                "a list for the whole manifest",
                "- name: t\n",
                ":1:1: expected a map with keys " + KEYS + ", got a list"),
            new Case(
                "a word for the whole manifest",
                "hello\n",
                ":1:1: expected a map with keys " + KEYS + ", got text 'hello'"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongTypes")
  void aValueOfTheWrongTypeSaysWhatWasExpectedAndWhatWasThere(Case c) {
    assertThat(parseError(c.yaml())).isEqualTo(FILE + c.message());
  }

  // ---- YAML syntax -----------------------------------------------------------------------------

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
            new Case(
                "a tab for indentation",
                "name: t\nlinks:\n\tloss: 0.1\n",
                ":3:1: tabs are not allowed for indentation in YAML; use spaces"),
            new Case(
                "a tab after spaces",
                "name: t\nlinks:\n  \tloss: 0.1\n",
                ":3:3: tabs are not allowed for indentation in YAML; use spaces"),
            new Case(
                "a tab before a comment",
                "name: t\n\t# the links\n",
                ":2:1: tabs are not allowed for indentation in YAML; use spaces"),
            new Case(
                "an unclosed double quote",
                "name: \"t\nvalidators: 4\n",
                ":1:7: this quoted text is never closed; add the closing '\"'"),
            new Case(
                "an unclosed single quote",
                "name: t\nchainId: 'c\n",
                ":2:10: this quoted text is never closed; add the closing \"'\""),
            new Case(
                "a key indented under a scalar",
                "name: t\n  validators: 4\n",
                ":2:13: a ':' here would start a key where none can start; check this line's"
                    + " indentation, or quote a value that holds ': '"),
            new Case(
                "a key indented less than its siblings",
                "name: t\nlinks:\n    latency: 20ms\n  loss: 0.1\n",
                ":4:3: this line is indented differently from the lines before it; the keys of one"
                    + " map (and the '-' of one list) must start in the same column"),
            new Case(
                "a key given twice",
                "name: t\nvalidators: 4\nvalidators: 5\n",
                ":3:1: the key 'validators' appears twice in one map; keep one"),
            new Case(
                "an unclosed flow map",
                "name: t\nlinks: {loss: 0.1\n",
                ":2:8: this '{' is never closed with '}'"),
            new Case(
                "an unclosed flow list",
                "name: t\nlaunch:\n  jvmOptions: [-Xmx64m\n",
                ":3:15: this '[' is never closed with ']'"),
            new Case(
                "a second document",
                "name: t\n---\nname: u\n",
                ":3:1: a second document starts here; a file holds one document"),
            new Case(
                "a value starting with @",
                "name: @t\n",
                ":1:7: '@' cannot start a value; quote the value"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntaxErrors")
  void aSyntaxErrorIsPlacedAndToldInPlainWords(Case c) {
    assertThat(parseError(c.yaml())).isEqualTo(FILE + c.message());
  }

  @Test
  void aTabInsideABlockScalarIsText() throws Exception {
    Network n =
        ManifestParser.parse(
            FILE,
            "name: t\nlaunch:\n  command: >-\n    {java} -cp {classpath}\n    \tmy.Node --config"
                + " {config}\n");

    assertThat(n.launch().command()).contains("\tmy.Node");
  }

  @Test
  void aTabInsideAQuotedStringIsText() throws Exception {
    Network n =
        ManifestParser.parse(
            FILE, "name: t\nlaunch:\n  command: \"{java} --config\n\t{config}\"\n");

    assertThat(n.launch().command()).contains("{config}");
  }

  // ---- The wrong kind of file ------------------------------------------------------------------

  @Test
  void aScenarioGivenAsAManifestSaysHowToRunIt() throws Exception {
    Path file =
        Files.writeString(path("quick.yaml"), "name: quick\nnetwork:\n  name: t\nseed: 7\n");
    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> ManifestParser.read(file));

    assertThat(e)
        .hasMessage(file + ": this is a scenario; run it with 'ledgerlab run " + file + "'");
  }

  @Test
  void aScenarioWithoutANetworkKeyIsStillAScenario() {
    assertThat(parseError("workload:\n  rate: 10/s\n"))
        .isEqualTo(FILE + ": this is a scenario; run it with 'ledgerlab run " + FILE + "'");
  }
}
