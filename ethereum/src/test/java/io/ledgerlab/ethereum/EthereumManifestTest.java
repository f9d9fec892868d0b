package io.ledgerlab.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.NetworkUp;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a manifest may ask of the ethereum target: every key it cannot honour is rejected with its
 * line and column, never ignored.
 */
class EthereumManifestTest {
  private static final String NODE =
      "  command: anvil --port {rpcPort} --chain-id {chainId} --mnemonic {mnemonic}\n";

  private static String manifest(String extra) {
    return "name: eth\ntarget: ethereum\nvalidators: 1\n" + extra + "launch:\n" + NODE;
  }

  @Test
  void chainCodeJarsAreTheReferenceChainsAndAreRefusedWithTheirPlace() {
    ManifestAsserts.assertRejected(
        "eth.yaml",
        manifest("chainCode:\n  - jar: auction.jar\n"),
        "eth.yaml:4:1",
        "no chainCode: the ethereum target runs its own contracts");
  }

  @Test
  void monitoringIsRefusedWithItsPlace() {
    ManifestAsserts.assertRejected(
        "eth.yaml",
        manifest("monitoring: prometheus\n"),
        "eth.yaml:4:1: monitoring",
        "no monitoring: the ethereum target's nodes serve no ledgerlab metrics for Prometheus to"
            + " scrape");
  }

  @Test
  void aMinimalManifestTakesTheDevChainIdAndKeepsTheMnemonicOneArgument() throws Exception {
    Network n = ManifestParser.parse("eth.yaml", manifest(""));

    assertThat(n.target()).isEqualTo("ethereum");
    assertThat(n.chainId()).isEqualTo("31337");
  }

  @Test
  void observersRelayAndRescueAreTheReferenceChainsAndAreRefusedWhereTheyAre() {
    assertRejected(
        manifest("observers: 1\n"),
        "eth.yaml:4:1: observers",
        "no observers: the ethereum target's nodes have no observer role");
    assertRejected(
        manifest("relay: true\n"), "eth.yaml:4:1: relay", "no relay: the ethereum target's nodes");
  }

  @Test
  void keysTheTargetCannotHonourAreRejectedWhereTheyAre() {
    assertRejected(
        manifest("blockInterval: 1s\n"), "eth.yaml:4:1: blockInterval", "anvil --block-time");
    assertRejected(manifest("links:\n  latency: 5ms\n"), "eth.yaml:4:1: links", "link faults");
    assertRejected(manifest("chainId: lab\n"), "eth.yaml:4:1: chainId", "a positive number");
    assertRejected(
        "name: eth\ntarget: ethereum\nvalidators: 3\nlaunch:\n" + NODE,
        "eth.yaml:3:1: validators",
        "one node");
    assertRejected(
        "name: eth\ntarget: ethereum\nnodes:\n  - name: a\n    behaviour: double-vote\nlaunch:\n"
            + NODE,
        "eth.yaml:5:5: nodes.0.behaviour",
        "no Byzantine behaviours");
    assertRejected(
        "name: eth\ntarget: ethereum\nnodes:\n  - name: a\n    clockOffset: 2s\nlaunch:\n" + NODE,
        "eth.yaml:5:5: nodes.0.clockOffset",
        "no clock offset");
  }

  @Test
  void targetOptionsAreTheTargetsOwnAndTheirValuesAreChecked() throws Exception {
    Network n =
        ManifestParser.parse(
            "eth.yaml", manifest("targetOptions:\n  transfers: erc20\n  txType: legacy\n"));
    assertThat(Settings.of(n.targetOptions())).isEqualTo(new Settings(true, true));

    assertRejected(
        manifest("targetOptions:\n  transfers: nft\n"),
        "eth.yaml:5:3: targetOptions.transfers",
        "one of [native, erc20], got 'nft'");
    assertRejected(
        manifest("targetOptions:\n  gasPrice: 5\n"),
        "eth.yaml:5:3: targetOptions.gasPrice",
        "one of [keystore, keystorePassword, transfers, txType], got 'gasPrice'");
    assertThatThrownBy(
            () ->
                ManifestParser.parse("ref.yaml", "name: ref\ntargetOptions:\n  transfers: erc20\n"))
        .hasMessageContaining("ref.yaml:3:3: targetOptions.transfers")
        .hasMessageContaining("the reference target takes none");
  }

  @Test
  void aCommandIsRequiredAndItsPlaceholdersMustBeOnesSomebodyFillsIn() {
    assertRejected(
        "name: eth\ntarget: ethereum\nvalidators: 1\n",
        "launch.command",
        "the command that starts one ethereum node");
    assertRejected(
        "name: eth\ntarget: ethereum\nvalidators: 1\nlaunch:\n  command: anvil --port {rpcport}\n",
        "eth.yaml:5:3: launch.command",
        "got {rpcport}");
    // {config} is the reference node's: the ethereum target writes no config file.
    assertRejected(
        "name: eth\ntarget: ethereum\nvalidators: 1\nlaunch:\n  command: anvil {config}\n",
        "launch.command",
        "got {config}");
  }

  @Test
  void upRunsTheReferenceChainOnlyAndSaysWhereAnotherTargetRuns(@TempDir Path dir)
      throws Exception {
    Network n = ManifestParser.parse("eth.yaml", manifest(""));

    assertThatThrownBy(
            () ->
                NetworkUp.up(
                    new RunLayout(dir.resolve("run")), n, "", Duration.ofSeconds(5), line -> {}))
        .isInstanceOf(NetworkUp.UpException.class)
        .hasMessageContaining("ledgerlab up runs the reference chain")
        .hasMessageContaining("ledgerlab run");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void anUnknownTargetIsNamedWithTheOnesThereAre() {
    assertRejected(
        "name: eth\ntarget: cosmos\n", "eth.yaml:2:1: target", "[beacon, ethereum, reference]");
  }

  @Test
  void aScenarioAsksOnlyForWhatTheTargetAndEngineCanDo() throws Exception {
    String network =
        "network:\n  name: eth\n  target: ethereum\n  validators: 1\n  launch:\n  "
            + NODE.replace("\n", "\n  ").stripTrailing()
            + "\n";
    String base = "name: s\nengine: process\n" + network;
    Scenario ok =
        ScenarioParser.parse("s.yaml", base + "workload:\n  kind: transfer\n  rate: 10/s\n");
    ScenarioParser.checkEngine(ok, Engines.named("process"));

    // The kv workload's updates, deletes and reads are calls to the lab's store contract, the
    // erc20 workload's approvals calls to its token.
    for (String kind : new String[] {"kv", "erc20"}) {
      ScenarioParser.checkEngine(
          ScenarioParser.parse("s.yaml", base + "workload:\n  kind: " + kind + "\n"),
          Engines.named("process"));
    }
    assertEngineRejects(
        "name: s\nengine: process\nnetwork:\n  name: ref\n  validators: 4\n"
            + "workload:\n  kind: erc20\n",
        "process",
        "workload.kind",
        "the 'erc20' workload sends [Approve] operations, which the reference target cannot carry"
            + " out");
    assertEngineRejects(
        base
            + "workload:\n  kind: transfer\n  rate: 10/s\n"
            + "faults:\n  schedule:\n    - {at: 1s, fault: isolate, node: n0, for: 1s}\n",
        "process",
        "fault",
        "the process engine with the ethereum target cannot put 'isolate' into effect; it can:"
            + " [kill, stop, restart, pause]");
    assertEngineRejects(
        base.replace("engine: process", "engine: sim")
            + "workload:\n  kind: transfer\n  rate: 10/s\n",
        "sim",
        "network.target",
        "the sim engine runs only the reference chain");
  }

  @Test
  void aReplayCheckIsRefusedWhereItIsAskedForTheTargetCannotReplay() {
    String network =
        "network:\n  name: eth\n  target: ethereum\n  validators: 1\n  launch:\n  "
            + NODE.replace("\n", "\n  ").stripTrailing()
            + "\n";
    String yaml =
        "name: s\nengine: process\n"
            + network
            + "workload:\n  kind: transfer\n  rate: 10/s\n"
            + "checks:\n  replay:\n    with: [v2.jar]\n";
    assertThatThrownBy(() -> ScenarioParser.parse("s.yaml", yaml))
        .isInstanceOf(io.ledgerlab.lab.manifest.ManifestException.class)
        .hasMessageStartingWith("s.yaml:13:3: checks.replay: ")
        .hasMessageContaining("no replay: the ethereum target cannot replay its chain");
  }

  @Test
  void theExamplesParseAndFindTheirNodeBesideThemselves() throws Exception {
    for (String example : new String[] {"anvil", "anvil-forgetful"}) {
      Scenario s = ScenarioParser.read(Path.of("..", "examples", example + ".yaml"));
      ScenarioParser.checkEngine(s, Engines.named(s.engine()));
      assertThat(s.network().launch().here())
          .isEqualTo(Path.of("..", "examples").toAbsolutePath().normalize());
    }
  }

  private static void assertRejected(String yaml, String where, String message) {
    ManifestAsserts.assertRejected("eth.yaml", yaml, where, message);
  }

  private static void assertEngineRejects(String yaml, String engine, String key, String message)
      throws Exception {
    ManifestAsserts.assertEngineRejects(yaml, engine, key, message);
  }
}
