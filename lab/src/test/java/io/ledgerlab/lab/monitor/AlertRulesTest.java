package io.ledgerlab.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.manifest.Network;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated rules and configuration: thresholds rendered where they belong, Prometheus' own
 * {@code promtool} accepts both files, and each alert fires on the series it is about — and not on
 * the healthy ones beside them ({@code promtool test rules} on synthetic series).
 */
class AlertRulesTest {
  /** Small thresholds, so that the synthetic series are short. */
  private static final Network.Monitoring M =
      new Network.Monitoring("prometheus", 1_000_000, 5_000_000, 0.2, 10_000_000);

  @TempDir Path dir;

  @Test
  void theThresholdsAreRenderedIntoTheRules() {
    String rules =
        AlertRules.render(
            new Network.Monitoring("prometheus", 500_000, 4_000_000, 0.125, 60_000_000));
    assertThat(rules)
        .contains("interval: 500ms")
        .contains("(changes(ledgerlab_height{job=\\\"nodes\\\"}[4s]) == 0")
        .contains("offset 4s")
        .contains("max_over_time(up{job=\\\"nodes\\\"}[4s]) == 0")
        .contains("increase(ledgerlab_observer_missed_votes_total{job=\\\"nodes\\\"}[60s])")
        .contains("> 0.1250")
        .contains("missed more than 12.5% of the precommits")
        .contains("delta(ledgerlab_mempool_transactions{job=\\\"nodes\\\"}[60s]) > 0");
    for (String name : AlertRules.NAMES) {
      assertThat(rules).contains("- alert: " + name + "\n");
    }
  }

  @Test
  void promtoolAcceptsTheRulesAndTheConfiguration() throws Exception {
    Path rules = Files.writeString(dir.resolve("alerts.yml"), AlertRules.render(M));
    Path config =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            PrometheusConfig.render(
                M,
                List.of(
                    new ScrapeTarget("n0", "validator", URI.create("http://127.0.0.1:26657/")),
                    new ScrapeTarget("o0", "observer", URI.create("http://127.0.0.1:26659/"))),
                Optional.of(URI.create("http://127.0.0.1:8088/metrics")),
                rules));

    Promtool.Result r = Promtool.run(dir, "check", "rules", rules.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: 4 rules found");
    Promtool.Result c = Promtool.run(dir, "check", "config", config.toString());
    assertThat(c.exitCode()).as(c.output()).isZero();
  }

  @Test
  void theConfigurationScrapesEveryNodeWithItsLabelsAndTheLabWhenItServes() {
    Path rules = dir.resolve("alerts.yml");
    List<ScrapeTarget> nodes =
        List.of(
            new ScrapeTarget("n0", "validator", URI.create("http://127.0.0.1:26657/")),
            new ScrapeTarget("o0", "observer", URI.create("http://127.0.0.1:26659/")));
    String withLab =
        PrometheusConfig.render(
            M, nodes, Optional.of(URI.create("http://127.0.0.1:8088/metrics")), rules);
    assertThat(withLab)
        .contains("scrape_interval: 1s")
        .contains("scrape_timeout: 1s")
        .contains("job_name: \"nodes\"")
        .contains(
            "      - targets: [\"127.0.0.1:26659\"]\n"
                + "        labels:\n"
                + "          node: \"o0\"\n"
                + "          role: \"observer\"\n")
        .contains("job_name: \"lab\"\n    metrics_path: \"/metrics\"")
        .contains("- targets: [\"127.0.0.1:8088\"]")
        .contains("rule_files:\n  - \"" + rules.toAbsolutePath() + "\"");
    assertThat(PrometheusConfig.render(M, nodes, Optional.empty(), rules))
        .doesNotContain("job_name: \"lab\"");
  }

  @Test
  void eachAlertFiresOnTheSeriesItIsAboutAndNotOnTheHealthyOnes() throws Exception {
    Files.writeString(dir.resolve("alerts.yml"), AlertRules.render(M));
    Path tests = Files.writeString(dir.resolve("tests.yml"), UNIT_TESTS);

    Promtool.Result r = Promtool.run(dir, "test", "rules", tests.toString());

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  private static String node(String metric, String node, String role) {
    return metric
        + "{job=\"nodes\",instance=\""
        + node
        + ":1\",node=\""
        + node
        + "\",role=\""
        + role
        + "\"}";
  }

  /**
   * One second a step. n0 commits throughout; n1's height stops changing at 10 s; n2 answers until
   * 10 s and then is not scraped (at 14 s its one last sample in the window does not make it
   * stalled yet: it fires once unscraped for the whole window); n3 never answered (starting: no
   * alert). Observer o0 sees a divergence at 11 s and n3 missing from half the certificates; n4's
   * mempool grows while it commits nothing, n0's grows while it commits.
   */
  private static final String UNIT_TESTS =
      """
      rule_files:
        - alerts.yml
      evaluation_interval: 1s
      tests:
        - interval: 1s
          input_series:
            - series: '%s'
              values: '1+1x40'
            - series: '%s'
              values: '1+1x10 11x30'
            - series: '%s'
              values: '1+1x10 stale'
            - series: '%s'
              values: '1x40'
            - series: '%s'
              values: '1x40'
            - series: '%s'
              values: '1x10 0x30'
            - series: '%s'
              values: '0x40'
          alert_rule_test:
            - eval_time: 8s
              alertname: LedgerlabHeightStalled
              exp_alerts: []
            - eval_time: 25s
              alertname: LedgerlabHeightStalled
              exp_alerts:
                - exp_labels: {job: nodes, instance: "n1:1", node: n1, role: validator, severity: critical}
                  exp_annotations: {summary: "n1: no new height, or not scraped, for 5s"}
                - exp_labels: {job: nodes, instance: "n2:1", node: n2, role: validator, severity: critical}
                  exp_annotations: {summary: "n2: no new height, or not scraped, for 5s"}
        - interval: 1s
          input_series:
            - series: '%s'
              values: '0x10 1x30'
            - series: '%s'
              values: '0x40'
          alert_rule_test:
            - eval_time: 9s
              alertname: LedgerlabStateDivergence
              exp_alerts: []
            - eval_time: 20s
              alertname: LedgerlabStateDivergence
              exp_alerts:
                - exp_labels: {job: nodes, instance: "o0:1", node: o0, role: observer, severity: critical}
                  exp_annotations: {summary: "o0: a certified block re-executed to another state or receipts root"}
        - interval: 1s
          input_series:
            - series: '%s'
              values: '0+2x40'
            - series: '%s'
              values: '0+1x40'
            - series: '%s'
              values: '0x40'
          alert_rule_test:
            - eval_time: 20s
              alertname: LedgerlabValidatorMissingVotes
              exp_alerts:
                - exp_labels: {job: nodes, instance: "o0:1", node: o0, role: observer, validator: n3, severity: warning}
                  exp_annotations: {summary: "n3 missed more than 20%% of the precommits o0 saw in 10s"}
        - interval: 1s
          input_series:
            - series: '%s'
              values: '0+5x40'
            - series: '%s'
              values: '7x40'
            - series: '%s'
              values: '0+5x40'
            - series: '%s'
              values: '0+1x40'
          alert_rule_test:
            - eval_time: 20s
              alertname: LedgerlabMempoolGrowing
              exp_alerts:
                - exp_labels: {job: nodes, instance: "n4:1", node: n4, role: validator, severity: warning}
                  exp_annotations: {summary: "n4: mempool growing with no block committed in 10s"}
        - interval: 2s
          input_series:
            - series: '%s'
              values: '1+1x10 stale'
            - series: '%s'
              values: '1x10 0x10'
          alert_rule_test:
            # n5, scraped every 2 s, died after its sample at 20 s: at 24 s that lone last sample is
            # all the 5 s window holds, and one unchanged sample is no stall yet.
            - eval_time: 24s
              alertname: LedgerlabHeightStalled
              exp_alerts: []
            - eval_time: 32s
              alertname: LedgerlabHeightStalled
              exp_alerts:
                - exp_labels: {job: nodes, instance: "n5:1", node: n5, role: validator, severity: critical}
                  exp_annotations: {summary: "n5: no new height, or not scraped, for 5s"}
      """
          .formatted(
              node("ledgerlab_height", "n0", "validator"),
              node("ledgerlab_height", "n1", "validator"),
              node("ledgerlab_height", "n2", "validator"),
              node("up", "n0", "validator"),
              node("up", "n1", "validator"),
              node("up", "n2", "validator"),
              node("up", "n3", "validator"),
              node("ledgerlab_observer_divergences_total", "o0", "observer"),
              node("ledgerlab_observer_divergences_total", "o1", "observer"),
              node("ledgerlab_observer_certificates_total", "o0", "observer"),
              node("ledgerlab_observer_missed_votes_total", "o0", "observer")
                  .replace("}", ",validator=\"n3\"}"),
              node("ledgerlab_observer_missed_votes_total", "o0", "observer")
                  .replace("}", ",validator=\"n0\"}"),
              node("ledgerlab_mempool_transactions", "n4", "validator"),
              node("ledgerlab_blocks_committed_total", "n4", "validator"),
              node("ledgerlab_mempool_transactions", "n0", "validator"),
              node("ledgerlab_blocks_committed_total", "n0", "validator"),
              node("ledgerlab_height", "n5", "validator"),
              node("up", "n5", "validator"));
}
