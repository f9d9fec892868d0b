package io.ledgerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

/**
 * What a scenario asks of the docker engine is checked before anything starts: every fault kind it
 * cannot put into effect, and links from the start it cannot give, are rejected with their line and
 * column — never silently ignored.
 */
class DockerScenarioTest {
  private static final String NETWORK = "engine: docker\nnetwork: {name: t, validators: 4}\n";

  @Test
  void theEngineIsFoundAndClaimsNoDelayStallBandwidthOrPowerLoss() {
    assertThat(Engines.available()).containsKey("docker");
    assertThat(Engines.named("docker").capabilities().faults())
        .contains(FaultKind.KILL, FaultKind.PAUSE, FaultKind.CUT, FaultKind.LOSS, FaultKind.SKEW)
        .doesNotContain(FaultKind.DELAY, FaultKind.STALL, FaultKind.BANDWIDTH, FaultKind.CRASH);
  }

  @Test
  void aDelayInTheScheduleIsRejectedWithItsPosition() {
    assertThatThrownBy(
            () ->
                ScenarioParser.parse(
                    "d.yaml",
                    NETWORK
                        + "faults:\n  schedule:\n    - {at: 1s, fault: delay, latency: 50ms,"
                        + " for: 2s}\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageMatching(
            "d\\.yaml:5:\\d+: faults\\.schedule\\.0\\.fault: the docker engine cannot put 'delay'"
                + " into effect.*");
  }

  @Test
  void aStallAndAPowerLossAreRejectedToo() {
    for (String step : new String[] {"fault: stall, nodes: [n1]", "fault: crash, node: n1"}) {
      String fault = step.split(",")[0].substring("fault: ".length());
      assertThatThrownBy(
              () ->
                  ScenarioParser.parse(
                      "d.yaml",
                      NETWORK + "faults:\n  schedule:\n    - {at: 1s, " + step + ", for: 2s}\n"))
          .isInstanceOf(ManifestException.class)
          .hasMessageContaining("cannot put '" + fault + "' into effect");
    }
  }

  @Test
  void latencyOnEveryLinkFromTheStartIsRejectedWithItsPosition() {
    assertThatThrownBy(
            () ->
                ScenarioParser.parse(
                    "d.yaml",
                    "engine: docker\nnetwork:\n  name: t\n  validators: 4\n  links:\n"
                        + "    latency: 20ms\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageMatching(
            "d\\.yaml:6:\\d+: network\\.links\\.latency: the docker engine cannot give links"
                + " 'delay'.*");
  }

  @Test
  void lossOnEveryLinkFromTheStartIsAccepted() throws Exception {
    assertThat(
            ScenarioParser.parse(
                    "d.yaml",
                    "engine: docker\nnetwork:\n  name: t\n  validators: 4\n  links:\n"
                        + "    loss: 0.01\n")
                .network()
                .links()
                .loss())
        .isEqualTo(0.01);
  }
}
