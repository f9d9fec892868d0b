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

class SummaryJsonTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryField() throws IOException {
    RunSummary original = SampleRuns.partitioned("fork at height 7: n0 has ab12, n2 has cd34");
    Path file = dir.resolve("summary.json");
    SummaryJson.write(file, original);

    RunSummary read = SummaryJson.read(file);

    assertThat(SummaryJson.toJson(read)).isEqualTo(SummaryJson.toJson(original));
    assertThat(read.checks()).isEqualTo(original.checks());
    assertThat(read.stats()).isEqualTo(original.stats());
    assertThat(read.faults()).isEqualTo(original.faults());
    assertThat(read.faults().get(1).end()).isNull();
    assertThat(read.checks().get(1).atSeconds()).isNull();
    assertThat(read.heights().get(2).points().get(10)).containsExactly(10, 16);
  }

  @Test
  void alertWindowsRoundTrip() throws IOException {
    RunSummary original =
        SampleRuns.partitioned("x")
            .withAlerts(
                java.util.List.of(
                    new RunSummary.Alert(
                        "LedgerlabHeightStalled",
                        java.util.Map.of("node", "n3", "role", "validator"),
                        12.5,
                        20,
                        true)));
    Path file = dir.resolve("summary.json");
    SummaryJson.write(file, original);

    RunSummary read = SummaryJson.read(file);

    assertThat(read.alerts()).isEqualTo(original.alerts());
    assertThat(Files.readString(file).replaceAll("\\s", ""))
        .contains(
            "\"alerts\":[{\"alert\":\"LedgerlabHeightStalled\",\"labels\":{\"node\":\"n3\","
                + "\"role\":\"validator\"},\"start\":12.5,\"end\":20.0,\"firingAtEnd\":true}]");
  }

  @Test
  void aSummaryWrittenBeforeMonitoringReadsWithNoAlerts() throws IOException {
    RunSummary original = SampleRuns.partitioned("x");
    String json = SummaryJson.toJson(original);
    assertThat(json).contains("\"alerts\" : [ ]");
    Path file = write(json.replace(",\n  \"alerts\" : [ ]", ""));
    assertThat(Files.readString(file)).doesNotContain("alerts");

    RunSummary read = SummaryJson.read(file);

    assertThat(read.alerts()).isEmpty();
    assertThat(SummaryJson.toJson(read)).isEqualTo(json);
  }

  @Test
  void pointsAreWrittenAsPairs() {
    String json = SummaryJson.toJson(SampleRuns.partitioned("x"));

    assertThat(json).contains("\"scenario\" : \"partition-heal\"");
    assertThat(json.replaceAll("\\s", "")).contains("\"points\":[[0.0,20.0],[1.0,20.0]");
  }

  @Test
  void anUnknownKeyIsRejectedNamingTheFile() throws IOException {
    Path file =
        write(SummaryJson.toJson(SampleRuns.partitioned("x")).replaceFirst("\\{", "{\"x\":1,"));

    assertThatThrownBy(() -> SummaryJson.read(file))
        .isInstanceOf(SummaryJson.InvalidSummaryException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("\"x\"");
  }

  @Test
  void aMissingKeyIsRejected() throws IOException {
    String json = SummaryJson.toJson(SampleRuns.partitioned("x"));
    Path file = write(json.replaceFirst("\"seed\" : 42,", ""));

    assertThatThrownBy(() -> SummaryJson.read(file))
        .isInstanceOf(SummaryJson.InvalidSummaryException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("Missing creator property 'seed'")
        .hasMessageNotContaining("DeserializationFeature");
  }

  @Test
  void anUnknownVerdictIsRejected() throws IOException {
    String json = SummaryJson.toJson(SampleRuns.partitioned("x"));
    Path file = write(json.replace("\"verdict\" : \"INVALID\"", "\"verdict\" : \"BROKEN\""));

    assertThatThrownBy(() -> SummaryJson.read(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("verdict is 'BROKEN', expected VALID, INVALID or UNKNOWN");
  }

  @Test
  void aPointThatIsNotAPairIsRejected() throws IOException {
    String json = SummaryJson.toJson(SampleRuns.partitioned("x")).replaceAll("\\s", "");
    Path file = write(json.replaceFirst("\\[0\\.0,20\\.0]", "[0.0]"));

    assertThatThrownBy(() -> SummaryJson.read(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("throughput[0].points[0] is not a [seconds, value] pair");
  }

  @Test
  void aNullListIsRejected() throws IOException {
    String json = SummaryJson.toJson(SampleRuns.partitioned("x")).replaceAll("\\s", "");
    // Phases hold no list of their own: the first ']' after them closes theirs.
    Path file = write(json.replaceFirst("\"phases\":\\[[^]]*]", "\"phases\":null"));

    assertThatThrownBy(() -> SummaryJson.read(file))
        .isInstanceOf(SummaryJson.InvalidSummaryException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("phases is null, expected a list");
  }

  @Test
  void notJsonIsRejectedWithTheLine() throws IOException {
    Path file = write("{\n  \"scenario\": \n}");

    assertThatThrownBy(() -> SummaryJson.read(file))
        .isInstanceOf(SummaryJson.InvalidSummaryException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 3");
  }

  @Test
  void aMissingFileSaysSo() {
    assertThatThrownBy(() -> SummaryJson.read(dir.resolve("nope.json")))
        .isInstanceOf(NoSuchFileException.class);
  }

  private Path write(String json) throws IOException {
    Path file = dir.resolve("summary.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }
}
