package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.report.SummaryJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ledgerlab report} on run directories made here. */
class ReportCommandTest {
  @TempDir Path run;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aValidRunExitsZeroAndPrintsThePaths() throws IOException {
    SummaryJson.write(run.resolve("summary.json"), sample("VALID"));

    int code = execute("report", run.toString());

    assertThat(code).as(err.toString()).isEqualTo(ExitCode.OK);
    assertThat(out.toString())
        .contains(run.resolve("summary.json").toString())
        .contains(run.resolve("junit.xml").toString())
        .contains(run.resolve("report.html").toString())
        .contains("verdict: VALID");
    assertThat(run.resolve("report.html")).content().contains(">VALID</span>");
    assertThat(run.resolve("junit.xml")).isRegularFile();
  }

  @Test
  void anInvalidRunExitsOneAndPrintsTheFailingChecks() throws IOException {
    SummaryJson.write(run.resolve("summary.json"), sample("INVALID"));

    int code = execute("report", run.toString());

    assertThat(code).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(out.toString())
        .contains("verdict: INVALID")
        .contains("INVALID safety: fork at height 7: n0 has ab12, n2 has cd34")
        .contains("UNKNOWN liveness: no commit seen after the heal")
        .doesNotContain("supply:");
    assertThat(run.resolve("report.html")).isRegularFile();
  }

  @Test
  void aDirectoryWithoutASummaryExitsTwoNamingThePath() {
    int code = execute("report", run.toString());

    assertThat(code).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("no summary.json at " + run.resolve("summary.json"));
    assertThat(run.resolve("report.html")).doesNotExist();
  }

  @Test
  void aBrokenSummaryExitsThreeNamingTheFile() throws IOException {
    Files.writeString(run.resolve("summary.json"), "{\"scenario\": 1", StandardCharsets.UTF_8);

    int code = execute("report", run.toString());

    assertThat(code).isEqualTo(ExitCode.CRASH);
    assertThat(err.toString())
        .contains(run.resolve("summary.json") + " is not a valid run summary");
  }

  @Test
  void theCommandIsRegistered() {
    assertThat(Ledgerlab.commandLine().getSubcommands()).containsKey("report");
  }

  private int execute(String... args) {
    CommandLine cl = Ledgerlab.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /**
   * A 60 s run of 4 nodes with a partition from 20 s to 35 s. INVALID: safety fails at 30 s and
   * liveness is UNKNOWN; VALID: every check passes.
   */
  static RunSummary sample(String verdict) {
    boolean valid = "VALID".equals(verdict);
    List<RunSummary.Check> checks =
        List.of(
            new RunSummary.Check(
                "safety",
                valid ? "VALID" : "INVALID",
                valid ? "no fork" : "fork at height 7: n0 has ab12, n2 has cd34",
                valid ? null : 30.0),
            new RunSummary.Check(
                "liveness",
                valid ? "VALID" : "UNKNOWN",
                valid ? "committed after the heal" : "no commit seen after the heal",
                null),
            new RunSummary.Check("supply", "VALID", "supply constant at 1000000", null));
    RunSummary.Stats stats =
        new RunSummary.Stats(
            1200,
            1180,
            12,
            1100,
            8,
            18.3,
            new TreeMap<>(
                Map.of(
                    "accepted", new RunSummary.Latency(1180, 3.1, 7.5, 12.25, 40),
                    "committed", new RunSummary.Latency(1100, 210, 480, 900.5, 2100))));
    List<RunSummary.Series> heights = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      int node = n;
      heights.add(
          series("n" + n, t -> node == 3 && t >= 20 && t < 35 ? 40 : Math.floor(t * 2 - node)));
    }
    return new RunSummary(
        "partition-heal",
        "process",
        42,
        "2026-11-24T07:10:00Z",
        60,
        RunSummary.COMPLETED,
        verdict,
        checks,
        stats,
        List.of(
            series("submitted/s", t -> 20),
            series("accepted/s", t -> partitioned(t) ? 14 : 19.5),
            series("committed/s", t -> partitioned(t) ? 2 : 19)),
        List.of(
            series("p50", t -> partitioned(t) ? 900 : 200),
            series("p90", t -> partitioned(t) ? 1500 : 450),
            series("p99", t -> partitioned(t) ? 1900 : 800),
            series("max", t -> partitioned(t) ? 2600 : 1000)),
        heights,
        List.of(new RunSummary.FaultWindow("partition", "n0,n1|n2,n3", 20, 35.0)),
        List.of(
            new RunSummary.Phase("warm-up", 0, 5),
            new RunSummary.Phase("load under faults", 5, 45),
            new RunSummary.Phase("heal + liveness", 45, 60)),
        new RunSummary.NetworkInfo(
            List.of(new RunSummary.NodeInfo("n0", "honest", "honest", "none", 1, 0)),
            "0 Byzantine of 1 is within f = 0",
            true),
        java.time.Instant.parse("2026-11-24T07:10:00Z").toEpochMilli() * 1_000,
        "",
        List.of());
  }

  private static boolean partitioned(double t) {
    return t >= 20 && t < 35;
  }

  private static RunSummary.Series series(String name, DoubleUnaryOperator f) {
    List<double[]> points = new ArrayList<>();
    for (int t = 0; t <= 60; t++) {
      points.add(new double[] {t, f.applyAsDouble(t)});
    }
    return new RunSummary.Series(name, points);
  }
}
