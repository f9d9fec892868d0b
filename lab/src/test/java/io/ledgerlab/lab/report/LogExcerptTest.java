package io.ledgerlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogExcerptTest {
  @Test
  void pastTheRowLimitWarningsComeFirstThenTheNearest() {
    List<LogRecord> all = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Level level = i == 3 ? Level.WARN : i == 990 ? Level.ERROR : Level.DEBUG;
      all.add(HtmlReportTest.record(20 + i * 0.01, "n0", level, "e" + i));
    }
    long center = SampleRuns.at(25);

    List<LogRecord> picked = LogExcerpt.pick(all, center);

    assertThat(picked).hasSize(LogExcerpt.ROWS_MAX);
    assertThat(picked).isSortedAccordingTo(Comparator.comparingLong(LogRecord::tsMicros));
    assertThat(picked).extracting(LogRecord::event).contains("e3", "e990", "e500", "e401", "e598");
    assertThat(picked).extracting(LogRecord::event).doesNotContain("e0", "e999", "e300");
  }

  @Test
  void underTheRowLimitEverythingIsKept() {
    List<LogRecord> all = List.of(HtmlReportTest.record(1, "n0", Level.INFO, "e"));

    assertThat(LogExcerpt.pick(all, 0)).isSameAs(all);
  }
}
