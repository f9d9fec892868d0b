package io.ledgerlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.observe.log.LogLine;
import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final Pattern CHART =
      Pattern.compile(
          "<img class=\"chart\" data-chart=\"(\\w+)\" alt=\"[^\"]+\" title=\"[^\"]+\"[^>]*"
              + " src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\">");

  @TempDir Path run;

  @Test
  void theVerdictIsInTheHeader() throws IOException {
    String html = report(SampleRuns.partitioned("fork"));

    assertThat(html).containsPattern("<span id=\"verdict\" class=\"badge invalid\">INVALID</span>");
    assertThat(html.indexOf("id=\"verdict\"")).isLessThan(html.indexOf("<table class=\"checks\">"));
  }

  @Test
  void aValidRunHasAGreenBadge() throws IOException {
    RunSummary valid =
        SampleRuns.run(
            "steady",
            4,
            30,
            1,
            List.of(new RunSummary.Check("safety", "VALID", "ok", null)),
            "VALID");

    String html = report(valid);

    assertThat(html).contains("<span id=\"verdict\" class=\"badge valid\">VALID</span>");
    assertThat(html).doesNotContain("Log events around the failures");
  }

  @Test
  void threeChartsAreSvgImagesInOrder() throws Exception {
    String html = report(SampleRuns.partitioned("fork"));

    Matcher m = CHART.matcher(html);
    List<String> charts = new ArrayList<>();
    while (m.find()) {
      charts.add(m.group(1));
      byte[] svg = Base64.getDecoder().decode(m.group(2));
      String root = parseXml(svg).getDocumentElement().getTagName();
      assertThat(root).as(m.group(1)).isEqualTo("svg");
      String text = new String(svg, StandardCharsets.UTF_8);
      assertThat(text).as("fault label in " + m.group(1)).contains("partition n0,n1|n2,n3");
      assertThat(text).as("phase label in " + m.group(1)).contains("heal + liveness");
    }
    assertThat(charts).containsExactly("throughput", "latency", "heights");
    assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
  }

  @Test
  void theSameSummaryGivesTheSamePage() throws IOException {
    RunSummary summary = SampleRuns.partitioned("fork");

    assertThat(HtmlReport.render(summary, List.of()))
        .isEqualTo(HtmlReport.render(summary, List.of()));
  }

  @Test
  void theAlertsSectionHasOneRowPerWindowWithItsLabelsEscaped() throws IOException {
    RunSummary summary =
        SampleRuns.partitioned("fork")
            .withAlerts(
                List.of(
                    new RunSummary.Alert(
                        "LedgerlabHeightStalled",
                        Map.of("node", "n3", "role", "validator"),
                        12.5,
                        20.25,
                        false),
                    new RunSummary.Alert(
                        "LedgerlabMempoolGrowing", Map.of("node", "<n1>"), 30, 41, true)));

    String html = report(summary);

    assertThat(html).contains("<h2>Alerts</h2>");
    String alerts = section(html, "<table class=\"alerts\">");
    assertThat(rows(alerts)).hasSize(2);
    assertThat(alerts)
        .contains(
            "<tr><td>LedgerlabHeightStalled</td><td>node=n3, role=validator</td>"
                + "<td class=\"num\">12.5</td><td class=\"num\">20.3</td>"
                + "<td class=\"num\">7.8 s</td></tr>")
        .contains("node=&lt;n1&gt;")
        .contains("41.0 (still firing)");
  }

  @Test
  void aRunWithoutAlertsHasNoAlertsSection() throws IOException {
    assertThat(report(SampleRuns.partitioned("fork"))).doesNotContain("<h2>Alerts</h2>");
  }

  @Test
  void theFaultsTableHasOneRowPerFault() throws IOException {
    String html = report(SampleRuns.partitioned("fork"));

    String faults = section(html, "<table class=\"faults\">");
    assertThat(rows(faults)).hasSize(2);
    assertThat(faults)
        .contains(
            "<tr><td>partition</td><td>n0,n1|n2,n3</td><td class=\"num\">20.0</td>"
                + "<td class=\"num\">35.0</td><td class=\"num\">15.0 s</td></tr>");
    assertThat(faults).contains("<td>kill</td><td>n3</td>", "never healed", "≥ 20.0 s");
  }

  @Test
  void theWorkloadTablesShowCountsAndLatencies() throws IOException {
    String html = report(SampleRuns.partitioned("fork"));

    assertThat(section(html, "<table class=\"stats\">")).contains("<td class=\"num\">1,000</td>");
    String latency = section(html, "<table class=\"latency\">");
    assertThat(latency)
        .contains(
            "<tr><td>committed</td><td class=\"num\">950</td><td class=\"num\">210.0</td>"
                + "<td class=\"num\">480.0</td><td class=\"num\">900.5</td>"
                + "<td class=\"num\">2,100.0</td></tr>");
  }

  @Test
  void eventsAroundTheFailureComeFromTheLogsWithinTheWindow() throws IOException {
    // safety failed at 30 s: the window is [25 s, 35 s).
    writeLog(
        "n0.jsonl",
        record(24.9, "n0", Level.WARN, "too.early"),
        record(26, "n0", Level.INFO, "block.committed", "height", 7),
        record(31, "n0", Level.WARN, "consensus.fork", "height", 7, "hash", "ab12"),
        record(34.999, "n0", Level.INFO, "still.inside"),
        record(35, "n0", Level.ERROR, "too.late"));
    writeLog(
        "supervisor.jsonl",
        record(29, "supervisor", Level.ERROR, "fault.start", "fault", "partition"),
        record(55, "supervisor", Level.INFO, "near.end"));

    String html = report(SampleRuns.partitioned("fork"));

    String safety = section(html, "<h3 id=\"events-0\">");
    String events = section(safety, "<table class=\"events\">");
    assertThat(rows(events)).hasSize(4);
    assertThat(events)
        .contains(
            "<tr class=\"warn\"><td class=\"num\" title=\"2026-11-24T07:10:31.000000Z\">31.000</td>"
                + "<td>n0</td><td>WARN</td><td>consensus.fork</td>")
        .contains("<span class=\"k\">hash</span>=ab12 <span class=\"k\">height</span>=7")
        .contains("<tr class=\"error\">", "fault.start", "block.committed", "still.inside")
        .doesNotContain("too.early", "too.late", "near.end");
    // liveness is only unknown and placed nowhere: its events would be noise.
    assertThat(html).doesNotContain("<h3 id=\"events-1\">");
    assertThat(html).contains("<a href=\"#events-0\">safety</a>");
  }

  @Test
  void detailsAndLogFieldsAreEscaped() throws IOException {
    writeLog(
        "n1.jsonl",
        record(30, "n1", Level.WARN, "rpc.bad<input>", "body", "<script>alert(2)</script>"));

    String html = report(SampleRuns.partitioned("<script>alert(1)</script> & \"more\""));

    assertThat(html).doesNotContain("<script>alert");
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;")
        .contains("rpc.bad&lt;input&gt;")
        .contains("&lt;script&gt;alert(2)&lt;/script&gt;");
  }

  @Test
  void withoutLogsTheReportSaysSo() throws IOException {
    String html = report(SampleRuns.partitioned("fork"));

    assertThat(html).contains("No logs were found").doesNotContain("<table class=\"events\">");
  }

  @Test
  void aTenMinuteRunOfSixteenNodesStaysUnderTwoMegabytes() throws IOException {
    // Samples every 100 ms: 6,000 points per line before downsampling.
    RunSummary big =
        SampleRuns.run(
            "soak",
            16,
            600,
            0.1,
            List.of(new RunSummary.Check("safety", "INVALID", "fork", 300.0)),
            "INVALID");
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      records.add(record(295 + i * 0.005, "n" + (i % 16), Level.INFO, "consensus.vote", "i", i));
    }
    writeLog("n0.jsonl", records.toArray(LogRecord[]::new));

    String html = report(big);

    assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_000_000);
    assertThat(rows(section(html, "<table class=\"events\">"))).hasSize(LogExcerpt.ROWS_MAX);
    assertThat(html).contains("showing 200 of 2000 records");
  }

  private String report(RunSummary summary) throws IOException {
    Path file = HtmlReport.write(run, summary);
    assertThat(file).isEqualTo(run.resolve("report.html"));
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private void writeLog(String name, LogRecord... records) throws IOException {
    Path logs = Files.createDirectories(run.resolve("logs"));
    StringBuilder sb = new StringBuilder();
    for (LogRecord r : records) {
      sb.append(LogLine.encode(r)).append('\n');
    }
    Files.writeString(logs.resolve(name), sb, StandardCharsets.UTF_8);
  }

  static LogRecord record(double t, String node, Level level, String event, Object... kv) {
    Map<String, Object> fields = new java.util.TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put((String) kv[i], kv[i + 1]);
    }
    return LogRecord.of(SampleRuns.at(t), node, level, event, fields);
  }

  /** From {@code start} to the end of the element or section that follows it. */
  private static String section(String html, String start) {
    int from = html.indexOf(start);
    assertThat(from).as("'" + start + "' in the page").isNotNegative();
    int table = html.indexOf("</table>", from);
    int h3 = html.indexOf("<h3", from + 1);
    int end = start.startsWith("<h3") ? (h3 < 0 ? html.indexOf("</section>", from) : h3) : table;
    return html.substring(from, end);
  }

  private static List<String> rows(String tableHtml) {
    String body = tableHtml.substring(tableHtml.indexOf("<tbody>"));
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<tr[ >].*?</tr>", Pattern.DOTALL).matcher(body);
    while (m.find()) {
      rows.add(m.group());
    }
    return rows;
  }

  private static org.w3c.dom.Document parseXml(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }
}
