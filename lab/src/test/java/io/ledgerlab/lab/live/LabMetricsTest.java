package io.ledgerlab.lab.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabMetricsTest {
  @Test
  void labelValuesAreEscapedAsTheTextFormatWants() {
    String text = LabMetrics.write(DashboardServerTest.sample());
    assertThat(text)
        .contains(
            "ledgerlab_lab_validator_missed_ratio{validator=\"<img src=x onerror=alert(1)>\\\"'&\"} 0.5\n");
    assertThat(LabMetrics.escape("a\\b\"c\nd")).isEqualTo("a\\\\b\\\"c\\nd");
  }

  @Test
  void withoutALoadThereAreNoWorkloadSeriesButTheNetworksAreThere() {
    Snapshot s = DashboardServerTest.sample();
    Snapshot idle =
        new Snapshot(
            s.network(),
            s.updatedMicros(),
            null,
            s.nodes(),
            s.chain(),
            Optional.empty(),
            s.participation(),
            List.of(),
            s.history());
    String text = LabMetrics.write(idle);
    assertThat(text).doesNotContain("ledgerlab_lab_transactions_committed_total");
    assertThat(text)
        .contains(
            "ledgerlab_lab_node_height{node=\"n0\"} 12\n",
            "ledgerlab_lab_block_time_seconds 1\n",
            "ledgerlab_lab_faults_in_force{kind=\"kill\"} 0\n");
  }

  @Test
  void everySeriesHasItsTypeOnce() {
    String text = LabMetrics.write(DashboardServerTest.sample());
    for (String line : text.lines().toList()) {
      if (!line.startsWith("#")) {
        String name = line.split("[{ ]")[0].replaceAll("_(sum|count)$", "");
        assertThat(text).as(line).contains("# TYPE " + name + " ");
      }
    }
    assertThat(text.lines().filter(l -> l.startsWith("# TYPE ledgerlab_lab_faults_in_force")))
        .hasSize(1);
  }
}
