package io.ledgerlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Observers section in summary.json and report.html. */
class ObserversReportTest {
  @TempDir Path dir;

  static RunSummary withObservers(RunSummary s) {
    return new RunSummary(
        s.scenario(),
        s.engine(),
        s.seed(),
        s.startedAt(),
        s.durationSeconds(),
        s.status(),
        s.verdict(),
        s.checks(),
        s.stats(),
        s.throughput(),
        s.latency(),
        s.heights(),
        s.faults(),
        s.phases(),
        s.network(),
        s.logZeroMicros(),
        s.traceDigest(),
        s.notes(),
        new RunSummary.Observers(
            List.of("o0", "o1"),
            "o0",
            40,
            0,
            3,
            0.52,
            0.61,
            List.of(
                new RunSummary.Participation("n0", 40, 40, 0, 0, 10),
                new RunSummary.Participation("n3", 40, 30, 10, 25, 9)),
            List.of(new RunSummary.PeerVersion("o0", "n3", "<v2>"))),
        List.of());
  }

  @Test
  void theSectionSurvivesSummaryJson() throws IOException {
    RunSummary original = withObservers(SampleRuns.partitioned("ok"));
    Path file = dir.resolve("summary.json");
    SummaryJson.write(file, original);

    RunSummary read = SummaryJson.read(file);

    assertThat(read.observers()).isEqualTo(original.observers());
    assertThat(SummaryJson.toJson(read)).contains("\"missedPercent\" : 25.0");
  }

  @Test
  void theReportShowsParticipationAndPeerVersionsEscaped() throws IOException {
    String html = HtmlReport.render(withObservers(SampleRuns.partitioned("ok")), List.of());

    assertThat(html)
        .contains("<section id=\"observers\">")
        .contains("o0, o1 follow the chain without a validator key")
        .contains("o0 followed 40 blocks: 3 round changes")
        .contains("<tr><td>n3</td><td class=\"num\">40</td><td class=\"num\">30</td>")
        .contains("<td class=\"num\">25.0</td>")
        .contains("&lt;v2&gt;");
  }

  @Test
  void aRunWithoutObserversHasNoSection() throws IOException {
    String html = HtmlReport.render(SampleRuns.partitioned("ok"), List.of());

    assertThat(html).doesNotContain("id=\"observers\"");
    assertThat(SummaryJson.toJson(SampleRuns.partitioned("ok"))).contains("\"observers\" : null");
  }
}
