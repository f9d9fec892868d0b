package io.ledgerlab.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.ProcessEngine;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a manifest and a scenario may ask of the beacon target, and what they are refused. */
class BeaconManifestTest {
  private static String manifest(String extra) {
    return "name: b\ntarget: beacon\nvalidators: 4\n" + extra;
  }

  @Test
  void theDefaultCommandIsLodestarInDevModeWithEveryPlaceholderFilledIn() throws Exception {
    Network n = ManifestParser.parse("b.yaml", manifest("targetOptions:\n  slotSeconds: 3\n"));

    assertThat(n.target()).isEqualTo("beacon");
    assertThat(n.launch().command())
        .contains("tools/lodestar/lodestar-node")
        .contains("--genesisTime {genesisTime}")
        .contains("--listenAddress {address}");
    assertThat(n.targetOptions()).containsEntry("slotSeconds", "3");
  }

  @Test
  void keysTheTargetCannotHonourAreRejectedWhereTheyAre() {
    assertRejected(manifest("chainId: 5\n"), "b.yaml:4:1: chainId", "no chain id");
    assertRejected(manifest("accounts: 10\n"), "b.yaml:4:1: accounts", "no funded accounts");
    assertRejected(
        manifest("blockInterval: 2s\n"), "b.yaml:4:1: blockInterval", "targetOptions.slotSeconds");
    assertRejected(
        manifest("links:\n  latency: 5ms\n"), "b.yaml:4:1: links", "drops and loss, as faults");
    assertRejected(
        manifest("links: {via: direct}\n"), "b.yaml:4:1: links", "drops and loss, as faults");
    assertRejected(
        manifest("targetOptions:\n  slotSeconds: 0\n"),
        "b.yaml:5:3: targetOptions.slotSeconds",
        "a whole number from 1 to 12, got '0'");
    assertRejected(
        manifest("targetOptions:\n  validatorsPerNode: two\n"),
        "targetOptions.validatorsPerNode",
        "got 'two'");
    assertRejected(
        "name: b\ntarget: beacon\nnodes:\n  - name: a\n    behaviour: double-vote\n",
        "b.yaml:5:5: nodes.0.behaviour",
        "no Byzantine behaviours");
    assertRejected(manifest("").replace("validators: 4", "validators: 17"), "validators", "16");
  }

  @Test
  void aScenarioMustSendNothingAndAskOnlyForFaultsKernelDropsCanMake() throws Exception {
    String base = "name: s\nengine: process\nnetwork:\n  name: b\n  target: beacon\n";
    Scenario ok =
        ScenarioParser.parse(
            "s.yaml",
            base
                + "workload:\n  kind: none\n  duration: 5s\n"
                + "faults:\n  schedule:\n    - {at: 1s, fault: partition, groups: [[n0], [n1]],"
                + " for: 1s}\n");
    ScenarioParser.checkEngine(ok, Engines.named("process"));
    assertThat(ok.workload().none()).isTrue();

    assertEngineRejects(
        base + "workload:\n  kind: transfer\n", "workload.kind", "none: the beacon target");
    assertEngineRejects(
        base + "workload:\n  kind: none\n  rate: 10/s\n", "workload.rate", "sends no load");
    assertEngineRejects(
        base
            + "workload:\n  kind: none\n"
            + "faults:\n  schedule:\n    - {at: 1s, fault: delay, nodes: [n0], latency: 50ms,"
            + " for: 1s}\n",
        "fault",
        "cannot put 'delay' into effect");
  }

  @Test
  void theProcessEngineOffersSignalsAndKernelDropsButNoDelayOrSkew() {
    assertThat(ProcessEngine.supported(new BeaconTarget()))
        .contains(
            FaultKind.KILL, FaultKind.PAUSE, FaultKind.PARTITION, FaultKind.CUT, FaultKind.LOSS)
        .doesNotContain(
            FaultKind.DELAY, FaultKind.STALL, FaultKind.BANDWIDTH, FaultKind.SKEW, FaultKind.CRASH);
  }

  @Test
  void theExampleParsesAndFindsItsNodesBesideItself() throws Exception {
    Scenario s = ScenarioParser.read(Path.of("..", "examples", "lodestar.yaml"));
    ScenarioParser.checkEngine(s, Engines.named(s.engine()));

    assertThat(s.network().nodes()).hasSize(4);
    assertThat(s.workload().describe()).isEqualTo("no load");
  }

  private static void assertRejected(String yaml, String where, String message) {
    ManifestAsserts.assertRejected("b.yaml", yaml, where, message);
  }

  private static void assertEngineRejects(String yaml, String key, String message)
      throws Exception {
    ManifestAsserts.assertEngineRejects(yaml, "process", key, message);
  }
}
