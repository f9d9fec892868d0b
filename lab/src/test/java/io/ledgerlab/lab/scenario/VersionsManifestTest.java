package io.ledgerlab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.ledger.consensus.Canary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Software versions in a manifest and the rolling {@code upgrade} fault: what each key means once
 * read, and every way to get one wrong named by its line and column.
 */
class VersionsManifestTest {
  @TempDir Path dir;

  private static String scenario(String versions, String nodes, String schedule) {
    return "name: t\nengine: sim\nnetwork:\n  name: t\n"
        + versions
        + nodes
        + "workload: {rate: 10/s, duration: 20s, warmup: 0s}\n"
        + (schedule.isEmpty() ? "" : "faults:\n  schedule:\n" + schedule);
  }

  private static final String TWO = "  versions:\n    v1: {}\n    v2: {canary: mint}\n";
  private static final String FOUR = "  validators: 4\n";

  private static String error(String yaml) {
    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> ScenarioParser.parse("t.yaml", yaml));
    assertThat(e).as("rejected: %s", yaml).isNotNull();
    return e.getMessage();
  }

  @Test
  void nodesRunTheFirstVersionUnlessTheyNameOneAndAnUpgradeStepIsRead() throws Exception {
    Scenario s =
        ScenarioParser.parse(
            "t.yaml",
            scenario(
                TWO,
                "  nodes:\n    - {name: n0}\n    - {name: n1, version: v2}\n",
                "    - {at: 5s, fault: upgrade, node: n0, to: v2}\n"));

    Network n = s.network();
    assertThat(n.versions()).containsOnlyKeys("v1", "v2");
    assertThat(n.node("n0").version()).isEqualTo("v1");
    assertThat(n.node("n1").version()).isEqualTo("v2");
    assertThat(n.canary(n.node("n1"))).isEqualTo(Canary.MINT);
    assertThat(n.canary(n.node("n0"))).isEqualTo(Canary.NONE);
    assertThat(n.mixedVersions()).isTrue();
    assertThat(s.schedule()).hasSize(1);
    assertThat(s.schedule().get(0).fault()).isEqualTo(new Fault.Upgrade("n0", "v2"));
    assertThat(s.schedule().get(0).fault().kind()).isEqualTo(FaultKind.UPGRADE);
  }

  @Test
  void aNetworkWithoutVersionsRunsTheLabsOwnBuild() throws Exception {
    Network n = ScenarioParser.parse("t.yaml", scenario("", FOUR, "")).network();

    assertThat(n.versions()).containsOnlyKeys(Network.Version.CURRENT);
    assertThat(n.nodes()).allMatch(x -> x.version().equals(Network.Version.CURRENT));
    assertThat(n.mixedVersions()).isFalse();
  }

  @Test
  void anUnknownVersionOnANodeIsPlaced() {
    String e = error(scenario(TWO, "  nodes:\n    - {name: n0, version: v3}\n", ""));

    assertThat(e)
        .startsWith("t.yaml:9:")
        .contains("network.nodes.0.version")
        .contains("one of the versions [v1, v2], got 'v3'");
  }

  @Test
  void aVersionOnANodeWithoutVersionsIsPlaced() {
    String e = error(scenario("", "  nodes:\n    - {name: n0, version: v2}\n", ""));

    assertThat(e).contains("network.nodes.0.version").contains("declares no 'versions'");
  }

  @Test
  void aBadVersionNameIsPlaced() {
    String e = error(scenario("  versions:\n    'v 1': {}\n", FOUR, ""));

    assertThat(e).contains("network.versions.v 1").contains("a version name of 1-32 letters");
  }

  @Test
  void anUnknownKeyUnderAVersionIsRefused() {
    String e = error(scenario("  versions:\n    v1: {image: x}\n", FOUR, ""));

    assertThat(e).startsWith("t.yaml:6:").contains("image");
  }

  @Test
  void aClasspathThatIsNotThereIsPlaced() {
    String e = error(scenario("  versions:\n    v1: {classpath: [no-such.jar]}\n", FOUR, ""));

    assertThat(e)
        .contains("network.versions.v1.classpath.0")
        .contains("an existing jar or class directory, got 'no-such.jar'");
  }

  @Test
  void aClasspathIsForTheProcessEngineOnly() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String yaml = scenario("  versions:\n    v1: {classpath: ['" + classes + "']}\n", FOUR, "");

    Scenario process = ScenarioParser.parse("t.yaml", yaml, "process");
    String sim = error(yaml);

    assertThat(process.network().version("v1").classpath()).contains(classes.toString());
    assertThat(sim)
        .contains("network.versions.v1.classpath")
        .contains("the sim engine runs the lab's own node in this JVM");
  }

  @Test
  void aCanaryOnBothANodeAndItsVersionIsRefused() {
    String e =
        error(scenario(TWO, "  nodes:\n    - {name: n0, version: v2, canary: half-quorum}\n", ""));

    assertThat(e).contains("network.nodes.0.canary").contains("whose version 'v2' has one");
  }

  @Test
  void anUpgradeNamesAVersionOfTheNetwork() {
    String e = error(scenario(TWO, FOUR, "    - {at: 5s, fault: upgrade, node: n0, to: v9}\n"));

    assertThat(e)
        .contains("faults.schedule.0.to")
        .contains("the version to upgrade to, one of [v1, v2]");
  }

  @Test
  void anUpgradeWithoutATargetVersionIsRefused() {
    String e = error(scenario(TWO, FOUR, "    - {at: 5s, fault: upgrade, node: n0}\n"));

    assertThat(e).contains("faults.schedule.0.to").contains("got 'null'");
  }

  @Test
  void anUpgradeLastsForeverSoForIsRefused() {
    String e =
        error(scenario(TWO, FOUR, "    - {at: 5s, fault: upgrade, node: n0, to: v2, for: 5s}\n"));

    assertThat(e).contains("faults.schedule.0.for").contains("an upgrade stays");
  }

  @Test
  void anUpgradeTakesNoLinkKeys() {
    String e =
        error(
            scenario(
                TWO, FOUR, "    - {at: 5s, fault: upgrade, node: n0, to: v2, latency: 5ms}\n"));

    assertThat(e).contains("faults.schedule.0.latency").contains("no 'latency' on an upgrade");
  }

  @Test
  void aVersionCanaryBesideAByzantineNodeOrANodeCanaryIsRefused() {
    String byzantine =
        error(
            scenario(
                TWO, "  nodes:\n    - {name: n0}\n    - {name: n1, behaviour: equivocate}\n", ""));
    String nodeCanary =
        error(scenario(TWO, "  nodes:\n    - {name: n0, canary: half-quorum}\n", ""));

    assertThat(byzantine)
        .contains("network.versions.v2.canary")
        .contains("any node may be upgraded to this version");
    assertThat(nodeCanary).contains("network.versions.v2.canary").contains("(n0)");
  }

  @Test
  void aClasspathForACommandWithoutOneIsRefused() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String e =
        error(
            scenario(
                "  launch: {command: 'node --config {config}'}\n"
                    + "  versions:\n    v1: {classpath: ['"
                    + classes
                    + "']}\n",
                FOUR,
                ""));

    assertThat(e)
        .contains("network.versions.v1.classpath")
        .contains("the launch command has no {classpath}");
  }
}
