package io.ledgerlab.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.node.metrics.NodeMetrics;
import io.ledgerlab.runtime.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events become the observer's metrics, and still reach the log. */
class MetricsTapTest {
  private final List<String> logged = new ArrayList<>();
  private final NodeMetrics metrics = new NodeMetrics(() -> NodeMetrics.Snapshot.EMPTY);
  private final EventLog log = (level, name, fields) -> logged.add(name);
  private final MetricsTap tap = new MetricsTap(log, metrics);

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.write(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> block(long height, long intervalMicros, List<String> missing) {
    return Map.of(
        "height",
        height,
        "proposer",
        "n0",
        "round",
        0,
        "intervalMicros",
        intervalMicros,
        "signers",
        List.of("n0", "n1", "n2"),
        "missing",
        missing);
  }

  @Test
  void anObserverExportsEveryValidatorsMissedVotesFromZeroSoTheFirstMissCounts()
      throws IOException {
    metrics.observing(List.of("n0", "n1", "n2", "n3"));
    String before = scrape();
    for (String n : List.of("n0", "n1", "n2", "n3")) {
      assertThat(before)
          .containsPattern(
              "(?m)^ledgerlab_observer_missed_votes_total\\{validator=\"" + n + "\"} 0(\\.0)?$");
    }
    tap.info("observer.block", block(2, 1_000_000, List.of("n3")));
    assertThat(scrape())
        .containsPattern("(?m)^ledgerlab_observer_missed_votes_total\\{validator=\"n3\"} 1(\\.0)?$")
        .containsPattern(
            "(?m)^ledgerlab_observer_missed_votes_total\\{validator=\"n0\"} 0(\\.0)?$");
    assertThat(logged).containsExactly("observer.block");
  }

  @Test
  void theFirstBlocksUnknownIntervalIsNoSample() throws IOException {
    tap.info("observer.block", block(1, 0, List.of()));
    String first = scrape();
    assertThat(first).containsPattern("(?m)^ledgerlab_observer_blocks_total 1(\\.0)?$");
    assertThat(first)
        .containsPattern("(?m)^ledgerlab_observer_block_interval_seconds_count 0(\\.0)?$");
    tap.info("observer.block", block(2, 400_000, List.of()));
    String second = scrape();
    assertThat(second)
        .containsPattern("(?m)^ledgerlab_observer_block_interval_seconds_count 1(\\.0)?$")
        .containsPattern(
            "(?m)^ledgerlab_observer_block_interval_seconds_bucket\\{le=\"0.5\"} 1(\\.0)?$");
  }
}
