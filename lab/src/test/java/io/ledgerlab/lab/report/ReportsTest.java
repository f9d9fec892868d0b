package io.ledgerlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @TempDir Path run;

  @Test
  void writeMakesTheThreeFiles() throws IOException {
    Reports.write(run, SampleRuns.partitioned("fork"));

    assertThat(Reports.files(run)).allSatisfy(f -> assertThat(f).isRegularFile().isNotEmptyFile());
    assertThat(Reports.files(run))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("summary.json", "junit.xml", "report.html");
  }

  @Test
  void regenerateRewritesTheReportsFromTheSummary() throws IOException {
    Reports.write(run, SampleRuns.partitioned("fork"));
    Files.delete(run.resolve("report.html"));
    Files.writeString(run.resolve("junit.xml"), "stale", StandardCharsets.UTF_8);

    RunSummary read = Reports.regenerate(run);

    assertThat(read.verdict()).isEqualTo("INVALID");
    assertThat(run.resolve("report.html")).content().contains("id=\"verdict\"");
    assertThat(run.resolve("junit.xml")).content().startsWith("<?xml");
  }

  @Test
  void regenerateWithoutASummaryNamesTheFile() {
    assertThatThrownBy(() -> Reports.regenerate(run))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(run.resolve("summary.json").toString());
  }
}
