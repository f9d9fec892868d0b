package io.ledgerlab.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.scenario.ScenarioParser;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifest's {@code monitoring} key: both forms, the defaults, and every refusal at the line
 * and column of the key that is wrong.
 */
class MonitoringManifestTest {
  private static final String FILE = "m.yaml";

  private static Network.Monitoring parse(String monitoringLines) throws ManifestException {
    return ManifestParser.parse(FILE, "name: t\nvalidators: 4\n" + monitoringLines).monitoring();
  }

  private static String error(String monitoringLines) {
    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> parse(monitoringLines));
    assertThat(e).as("refused: %s", monitoringLines).isNotNull();
    assertThat(e.getMessage()).doesNotContain("jackson").doesNotContain("\n");
    return e.getMessage();
  }

  @Test
  void withoutTheKeyThereIsNoMonitoring() throws Exception {
    assertThat(parse("")).isEqualTo(Network.Monitoring.NONE);
    assertThat(parse("").enabled()).isFalse();
  }

  @Test
  void theShortFormIsPrometheusWithTheDefaults() throws Exception {
    Network.Monitoring m = parse("monitoring: prometheus\n");
    assertThat(m).isEqualTo(Network.Monitoring.prometheus());
    assertThat(m.enabled()).isTrue();
    assertThat(m.scrapeIntervalMicros()).isEqualTo(1_000_000);
    assertThat(m.stalledForMicros()).isEqualTo(10_000_000);
    assertThat(m.missedVotesRatio()).isEqualTo(0.2);
    assertThat(m.windowMicros()).isEqualTo(30_000_000);
  }

  @Test
  void theObjectFormSetsEveryThreshold() throws Exception {
    Network.Monitoring m =
        parse(
            "monitoring: {kind: prometheus, scrapeInterval: 500ms, stalledFor: 4s,"
                + " missedVotes: 12.5%, window: 1m}\n");
    assertThat(m)
        .isEqualTo(new Network.Monitoring("prometheus", 500_000, 4_000_000, 0.125, 60_000_000));
  }

  @Test
  void aMonitoredNetworkKeepsItsMonitoringThroughAnUpgrade() throws Exception {
    Network n =
        ManifestParser.parse(FILE, "name: t\nversions: {v1: {}, v2: {}}\nmonitoring: prometheus\n");
    assertThat(n.withNodeVersion("n0", "v2").monitoring()).isEqualTo(n.monitoring());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "monitoring: grafana\n",
            FILE + ":3:1: monitoring: expected 'prometheus', got 'grafana'"),
        Arguments.of(
            "monitoring:\n  kind: grafana\n",
            FILE + ":4:3: monitoring.kind: expected 'prometheus', got 'grafana'"),
        Arguments.of(
            "monitoring:\n  scrapeInterval: 1s\n",
            FILE
                + ":3:1: monitoring: expected a kind: 'monitoring: prometheus', or an object with"
                + " kind: prometheus"),
        Arguments.of(
            "monitoring:\n  kind: prometheus\n  stalled: 3s\n",
            FILE + ":5:3: monitoring.stalled: unknown key 'stalled'; expected one of"),
        Arguments.of(
            "monitoring:\n  kind: prometheus\n  scrapeInterval: often\n",
            FILE
                + ":5:3: monitoring.scrapeInterval: expected a duration such as 250ms, 10s or"
                + " 2m, got 'often'"),
        Arguments.of(
            "monitoring:\n  kind: prometheus\n  scrapeInterval: 10ms\n",
            FILE
                + ":5:3: monitoring.scrapeInterval: expected between 100ms and 60s, in whole"
                + " milliseconds"),
        Arguments.of(
            "monitoring:\n  kind: prometheus\n  scrapeInterval: 2s\n  stalledFor: 3s\n",
            FILE + ":6:3: monitoring.stalledFor: expected at least two scrape intervals (4000ms)"),
        Arguments.of(
            "monitoring:\n  kind: prometheus\n  window: 1500us\n",
            FILE + ":5:3: monitoring.window: expected at least two scrape intervals (2000ms)"),
        Arguments.of(
            "monitoring:\n  kind: prometheus\n  missedVotes: 0.2\n",
            FILE
                + ":5:3: monitoring.missedVotes: expected a percentage in [0%, 100%) such as"
                + " 20%, got '0.2'"),
        Arguments.of(
            "monitoring:\n  kind: prometheus\n  missedVotes: 100%\n",
            FILE + ":5:3: monitoring.missedVotes: expected a percentage in [0%, 100%)"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void aBadMonitoringIsRefusedAtItsPlace(String lines, String expected) {
    assertThat(error(lines)).startsWith(expected);
  }

  @Test
  void theSimEngineRefusesMonitoringAtTheKey() {
    String scenario =
        "name: t\nengine: sim\nnetwork:\n  name: t\n  validators: 4\n"
            + "  monitoring: prometheus\n";
    ManifestException e =
        catchThrowableOfType(
            ManifestException.class, () -> ScenarioParser.parse("s.yaml", scenario));
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .startsWith("s.yaml:6:")
        .contains(
            "network.monitoring: monitoring needs nodes Prometheus can scrape; the sim engine"
                + " runs every node in this JVM on virtual time");
  }

  @Test
  void theExampleRunsPrometheusWithItsThresholds() throws Exception {
    java.nio.file.Path example = java.nio.file.Path.of("..", "examples", "monitored.yaml");
    assertThat(ScenarioParser.read(example).network().monitoring())
        .isEqualTo(new Network.Monitoring("prometheus", 1_000_000, 5_000_000, 0.2, 20_000_000));
  }

  @Test
  void theProcessEngineTakesMonitoring() throws Exception {
    String scenario =
        "name: t\nengine: process\nnetwork:\n  name: t\n  validators: 4\n"
            + "  monitoring: {kind: prometheus, stalledFor: 3s}\n";
    assertThat(ScenarioParser.parse("s.yaml", scenario).network().monitoring().stalledForMicros())
        .isEqualTo(3_000_000);
  }
}
