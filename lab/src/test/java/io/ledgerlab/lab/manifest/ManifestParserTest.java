package io.ledgerlab.lab.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.runtime.log.EventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Manifests as people write them, and the one-line errors that point at the broken key. */
class ManifestParserTest {
  private static final String FILE = "broken.yaml";

  /**
   * One broken manifest: the message must name the file, the place, the key (when there is one) and
   * say what was expected.
   *
   * @param place {@code line:column}
   * @param key the dotted key path, or null when the whole document is wrong
   */
  private record Broken(String what, String yaml, String place, String key, String expected) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Arguments> brokenManifests() {
    return Stream.of(
            new Broken(
                "unknown top-level key",
                "name: t\nvalidatorz: 4\n",
                "2:1",
                "validatorz",
                "unknown key 'validatorz'; expected one of"),
            new Broken(
                "unknown key under links",
                "name: t\nlinks:\n  latency: 20ms\n  los: 0.1\n",
                "4:3",
                "links.los",
                "unknown key 'los'"),
            new Broken(
                "no validators",
                "name: t\nvalidators: 0\n",
                "2:1",
                "validators",
                "expected between 1 and 64"),
            new Broken(
                "validators as a word",
                "name: t\nvalidators: \"four\"\n",
                "2:13",
                "validators",
                "four"),
            new Broken(
                "two nodes with one name",
                "name: t\nnodes:\n  - name: n0\n  - name: n0\n",
                "4:5",
                "nodes.1.name",
                "'n0' is used twice"),
            new Broken(
                "unknown behaviour",
                "name: t\nnodes:\n  - name: n0\n  - name: n1\n    behaviour: evil\n",
                "5:5",
                "nodes.1.behaviour",
                "got 'evil'"),
            new Broken(
                "clock offset in parsecs",
                "name: t\nnodes:\n  - name: n0\n    clockOffset: 5 parsecs\n",
                "4:5",
                "nodes.0.clockOffset",
                "expected a duration such as 250ms, 10s or 2m, got '5 parsecs'"),
            new Broken(
                "block interval without a unit",
                "name: t\nblockInterval: 500\n",
                "2:1",
                "blockInterval",
                "expected a duration such as 250ms, 10s or 2m, got '500'"),
            new Broken(
                "block interval too long",
                "name: t\nblockInterval: 2m\n",
                "2:1",
                "blockInterval",
                "expected between 0s and 60s"),
            new Broken(
                "loss above one",
                "name: t\nlinks:\n  loss: 1.5\n",
                "3:3",
                "links.loss",
                "expected a probability in [0, 1)"),
            new Broken(
                "links via neither proxy nor direct",
                "name: t\nlinks:\n  via: tunnel\n",
                "3:3",
                "links.via",
                "expected proxy or direct, got 'tunnel'"),
            new Broken(
                "direct links with a latency",
                "name: t\nlinks:\n  latency: 20ms\n  via: direct\n",
                "4:3",
                "links.via",
                "expected no latency, jitter, loss or bandwidth with direct links"),
            new Broken(
                "launch command without {config}",
                "name: t\nlaunch:\n  command: \"{java} -cp {classpath} my.Node\"\n",
                "3:3",
                "launch.command",
                "expected a command containing {config}"),
            new Broken(
                "privileged base port",
                "name: t\nlaunch:\n  basePort: 80\n",
                "3:3",
                "launch.basePort",
                "expected 0 (free ports) or 1024..60000"),
            new Broken(
                "a bad name",
                "name: my network\n",
                "1:1",
                "name",
                "expected 1-32 letters, digits, '-', '_'"),
            new Broken(
                "validators disagreeing with nodes",
                "name: t\nvalidators: 3\nnodes:\n  - name: n0\n",
                "2:1",
                "validators",
                "the number of entries under 'nodes' (1)"),
            // Empty files have no line to name: BadInputTest covers them.
            new Broken(
                "an unclosed flow mapping",
                "{name: t",
                "1:1",
                null,
                "this '{' is never closed with '}'"),
            new Broken(
                "an unclosed flow mapping under a key",
                "name: t\nlinks: {loss: 0.1\n",
                "2:8",
                null,
                "this '{' is never closed with '}'"),
            new Broken(
                "a key indented under a scalar",
                "name: t\n  validators: 4\n",
                "2:13",
                null,
                "a ':' here would start a key where none can start"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenManifests")
  void aBrokenManifestIsNamedByFileLineColumnAndKey(Broken b) {
    assertThatThrownBy(() -> ManifestParser.parse(FILE, b.yaml()))
        .isInstanceOf(ManifestException.class)
        .message()
        .startsWith(FILE + ":" + b.place() + ": " + (b.key() == null ? "" : b.key() + ": "))
        .contains(b.expected());
  }

  @Test
  void aDocumentWithoutAnyKeyIsEmpty() {
    assertThatThrownBy(() -> ManifestParser.parse(FILE, "# only a comment\n---\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(FILE + ":")
        .hasMessageContaining("empty");
  }

  @Test
  void aNodeWithoutANameIsAnErrorAtThatNode() {
    assertThatThrownBy(() -> ManifestParser.parse(FILE, "name: t\nnodes:\n  - power: 2\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(FILE + ":3:5: nodes.0.name: expected 1-32 letters");
  }

  @Test
  void onlyANameGivesFourHonestValidatorsAndTheDefaults() throws ManifestException {
    Network n = ManifestParser.parse(FILE, "name: small\n");

    assertThat(n.name()).isEqualTo("small");
    assertThat(n.chainId()).isEqualTo("small");
    assertThat(n.nodes())
        .extracting(Network.NodeSpec::name)
        .containsExactly("n0", "n1", "n2", "n3");
    assertThat(n.nodes())
        .allSatisfy(
            s -> {
              assertThat(s.behaviour()).isEqualTo(Behaviour.HONEST);
              assertThat(s.power()).isEqualTo(1);
              assertThat(s.clockOffsetMicros()).isZero();
            });
    assertThat(n.accounts()).isEqualTo(100);
    assertThat(n.accountBalance()).isEqualTo(1_000_000_000L);
    assertThat(n.blockIntervalMicros()).isEqualTo(500_000);
    assertThat(n.links()).isEqualTo(Network.Links.CLEAN);
    assertThat(n.launch().command()).isEqualTo(Network.Launch.REFERENCE_NODE);
    assertThat(n.launch().jvmOptions()).isEqualTo(Network.Launch.JVM_OPTIONS_DEFAULT);
    assertThat(n.launch().logLevel()).isEqualTo(EventLog.Level.INFO);
    assertThat(n.launch().basePort()).isZero();
  }

  @Test
  void nodesOneByOneKeepTheirBehavioursPowersAndClockOffsets() throws ManifestException {
    Network n =
        ManifestParser.parse(
            FILE,
            """
            name: mixed
            chainId: mixed-1
            nodes:
              - name: alice
                power: 3
              - name: bob
                clockOffset: +2s
              - name: carol
                clockOffset: -500ms
              - name: dave
                clockOffset: 2m
              - name: mallory
                behaviour: double-vote
            """);

    assertThat(n.chainId()).isEqualTo("mixed-1");
    assertThat(n.nodes())
        .containsExactly(
            new Network.NodeSpec("alice", 3, Behaviour.HONEST, 0),
            new Network.NodeSpec("bob", 1, Behaviour.HONEST, 2_000_000),
            new Network.NodeSpec("carol", 1, Behaviour.HONEST, -500_000),
            new Network.NodeSpec("dave", 1, Behaviour.HONEST, 120_000_000),
            new Network.NodeSpec("mallory", 1, Behaviour.DOUBLE_VOTE, 0));
    assertThat(n.byzantine()).extracting(Network.NodeSpec::name).containsExactly("mallory");
  }

  @Test
  void durationsLinksAndLaunchAreReadInHumanUnits() throws ManifestException {
    Network n =
        ManifestParser.parse(
            FILE,
            """
            name: units
            validators: 2
            blockInterval: 1.5s
            links:
              latency: 250ms
              jitter: 2s
              loss: 0.05
              bandwidth: 1MiB
            launch:
              command: "{java} {jvmOptions} -cp {classpath} my.Node --config {config}"
              jvmOptions: [-Xmx64m]
              logLevel: debug
              basePort: 20000
            """);

    assertThat(n.nodes()).hasSize(2);
    assertThat(n.blockIntervalMicros()).isEqualTo(1_500_000);
    assertThat(n.links()).isEqualTo(new Network.Links(250_000, 2_000_000, 0.05, 1 << 20));
    assertThat(n.launch())
        .isEqualTo(
            new Network.Launch(
                "{java} {jvmOptions} -cp {classpath} my.Node --config {config}",
                List.of("-Xmx64m"),
                EventLog.Level.DEBUG,
                20_000));
  }

  @Test
  void theExampleManifestParses(@TempDir Path dir) throws Exception {
    Path example = Path.of("..", "examples", "four-validators.yaml");
    Network n = ManifestParser.read(example);

    assertThat(n.name()).isEqualTo("four-validators");
    assertThat(n.nodes()).hasSize(4);
    assertThat(n.accounts()).isEqualTo(1_000);

    Path broken = Files.writeString(dir.resolve("on-disk.yaml"), "name: t\nvalidators: 0\n");
    assertThatThrownBy(() -> ManifestParser.read(broken))
        .hasMessageStartingWith(broken + ":2:1: validators: ");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> ManifestParser.read(missing))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(missing + ": cannot read the manifest");
  }
}
