package io.ledgerlab.lab.report;

import io.ledgerlab.observe.log.LogLine;
import io.ledgerlab.observe.log.LogMerge;
import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * A run's {@code report.html}: one self-contained page for a person, in the order they ask their
 * questions. Did it pass (the verdict and each check), what happened (throughput, latency and
 * heights over time with the faults shaded), what the workload measured, which faults were
 * injected, and what the nodes logged around each failure.
 *
 * <p>The charts are SVG documents in {@code <img>} elements with {@code data:} URIs, so the page
 * makes no request; a small script marks each chart {@code data-loaded="true"} once the browser has
 * decoded it (or {@code "false"} when it could not), which is what a browser test checks. Every
 * piece of text from the run (check details, log fields, names) is HTML-escaped.
 */
public final class HtmlReport {
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  /** Writes {@code report.html} into {@code runDir}, with the excerpts from {@code runDir/logs}. */
  public static Path write(Path runDir, RunSummary summary) throws IOException {
    List<Path> logs = LogMerge.logFiles(runDir.resolve(Reports.LOGS_DIR));
    Path file = runDir.resolve(Reports.HTML_FILE);
    Files.writeString(file, render(summary, logs), StandardCharsets.UTF_8);
    return file;
  }

  /** The page for {@code summary}, with log excerpts from {@code logFiles} (JSON lines). */
  public static String render(RunSummary summary, List<Path> logFiles) throws IOException {
    StringBuilder h = new StringBuilder(256 * 1024);
    head(h, summary);
    header(h, summary);
    notes(h, summary);
    checks(h, summary);
    network(h, summary);
    observers(h, summary);
    charts(h, summary);
    workload(h, summary.stats());
    faults(h, summary);
    alerts(h, summary);
    events(h, summary, logFiles);
    h.append("<footer>Written by ledgerlab from summary.json and the run's logs;")
        .append(" rebuild with <code>ledgerlab report &lt;run-dir&gt;</code>.</footer>\n");
    h.append("<script>\n").append(LOADED_SCRIPT).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void head(StringBuilder h, RunSummary s) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(esc(s.verdict()))
        .append(" · ledgerlab: ")
        .append(esc(s.scenario()))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
  }

  private static void header(StringBuilder h, RunSummary s) {
    h.append("<header>\n<div>\n<h1>")
        .append(esc(s.scenario()))
        .append("</h1>\n<dl class=\"meta\">\n");
    meta(h, "engine", s.engine());
    meta(
        h,
        "signatures",
        RunSummary.ED25519.equals(s.signatures())
            ? "Ed25519"
            : "SIMULATED (keyed hash, not real cryptography)");
    meta(h, "seed", Long.toString(s.seed()));
    meta(h, "started", start(s.startedAt()));
    meta(h, "duration", duration(s.durationSeconds()));
    if (!RunSummary.COMPLETED.equals(s.status())) {
      meta(h, "status", s.status());
    }
    if (!s.traceDigest().isEmpty()) {
      meta(h, "trace digest", s.traceDigest());
    }
    h.append("</dl>\n</div>\n<div class=\"verdict-box\"><span class=\"label\">verdict</span>")
        .append("<span id=\"verdict\" class=\"badge ")
        .append(validityClass(s.verdict()))
        .append("\">")
        .append(esc(s.verdict()))
        .append("</span></div>\n</header>\n");
  }

  private static void meta(StringBuilder h, String name, String value) {
    h.append("<div><dt>").append(esc(name)).append("</dt><dd>").append(esc(value));
    h.append("</dd></div>\n");
  }

  /** What a reader must know first: an interrupted or failed run, the nemesis's kinds. */
  private static void notes(StringBuilder h, RunSummary s) {
    if (s.notes().isEmpty()) {
      return;
    }
    String cls = RunSummary.COMPLETED.equals(s.status()) ? "notes" : "notes alert";
    h.append("<ul id=\"notes\" class=\"").append(cls).append("\">\n");
    for (String n : s.notes()) {
      h.append("<li>").append(esc(n)).append("</li>\n");
    }
    h.append("</ul>\n");
  }

  /** The nodes, who is Byzantine, and what the Byzantine ones leave of the BFT bound. */
  private static void network(StringBuilder h, RunSummary s) {
    RunSummary.NetworkInfo n = s.network();
    h.append("<section>\n<h2>Network</h2>\n<p id=\"tolerance\" class=\"")
        .append(n.withinTolerance() ? "valid" : "invalid")
        .append("\">")
        .append(esc(n.tolerance()))
        .append(
            n.withinTolerance()
                ? ": the checks hold the honest nodes to safety and liveness."
                : ": BFT promises nothing here, so a fork is what the checks must show.")
        .append("</p>\n<table class=\"nodes\">\n<thead><tr><th>node</th><th>role</th>")
        .append("<th>behaviour</th><th>canary</th><th class=\"num\">power</th>")
        .append("<th class=\"num\">clock offset (s)</th></tr></thead>\n<tbody>\n");
    for (RunSummary.NodeInfo node : n.nodes()) {
      h.append("<tr><td>").append(esc(node.name())).append("</td><td>").append(esc(node.role()));
      h.append("</td><td>").append(esc(node.behaviour())).append("</td><td>");
      h.append(esc(node.canary())).append("</td><td class=\"num\">").append(node.power());
      h.append("</td><td class=\"num\">").append(number(node.clockOffsetSeconds(), 3));
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void checks(StringBuilder h, RunSummary s) {
    h.append("<section>\n<h2>Checks</h2>\n");
    if (s.checks().isEmpty()) {
      h.append("<p class=\"none\">No checks ran.</p>\n</section>\n");
      return;
    }
    h.append("<table class=\"checks\">\n<thead><tr><th>check</th><th>verdict</th>")
        .append("<th>details</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < s.checks().size(); i++) {
      RunSummary.Check c = s.checks().get(i);
      h.append("<tr class=\"").append(validityClass(c.validity())).append("\"><td>");
      if (failed(c)) {
        h.append("<a href=\"#events-").append(i).append("\">").append(esc(c.name()));
        h.append("</a>");
      } else {
        h.append(esc(c.name()));
      }
      h.append("</td><td><span class=\"pill ")
          .append(validityClass(c.validity()))
          .append("\">")
          .append(esc(c.validity()))
          .append("</span></td><td class=\"details\">")
          .append(esc(c.details()))
          .append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void charts(StringBuilder h, RunSummary s) {
    h.append("<section>\n<h2>Over time</h2>\n<p class=\"legend\">Shaded: fault windows, named")
        .append(" at the top. Dashed: the start of each phase, named at the bottom.</p>\n");
    chart(
        h,
        "throughput",
        "Throughput",
        "Transactions submitted, accepted and committed per second",
        Charts.throughput(s));
    chart(
        h,
        "latency",
        "Commit latency",
        "Commit latency percentiles per second (p50, p90, p99, max), in milliseconds",
        Charts.latency(s));
    chart(h, "heights", "Node heights", "Each node's block height over time", Charts.heights(s));
    h.append("</section>\n");
  }

  private static void chart(
      StringBuilder h, String id, String title, String description, JFreeChart chart) {
    String svg = Charts.svg(chart);
    String data = Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    h.append("<figure>\n<figcaption>")
        .append(esc(title))
        .append("</figcaption>\n<img class=\"chart\" data-chart=\"")
        .append(id)
        .append("\" alt=\"")
        .append(esc(description))
        .append("\" title=\"")
        .append(esc(description))
        .append("\" width=\"")
        .append(Charts.WIDTH_PX)
        .append("\" height=\"")
        .append(Charts.HEIGHT_PX)
        .append("\" src=\"data:image/svg+xml;base64,")
        .append(data)
        .append("\">\n</figure>\n");
  }

  /**
   * What the observers measured of the validators: participation per validator, proposers, round
   * changes, block intervals and the peers' versions. Absent for a network without observers.
   */
  private static void observers(StringBuilder h, RunSummary s) {
    RunSummary.Observers o = s.observers();
    if (o == null) {
      return;
    }
    h.append("<section id=\"observers\">\n<h2>Observers</h2>\n<p>")
        .append(esc(String.join(", ", o.observers())))
        .append(o.observers().size() == 1 ? " follows" : " follow")
        .append(" the chain without a validator key, re-executing every block. ");
    if (o.source().isEmpty()) {
      h.append("No observer logged a block: there is nothing to show.</p>\n</section>\n");
      return;
    }
    h.append(esc(o.source()))
        .append(" followed ")
        .append(o.blocks())
        .append(o.blocks() == 1 ? " block" : " blocks")
        .append(": ")
        .append(o.roundChanges())
        .append(" round change")
        .append(o.roundChanges() == 1 ? "" : "s")
        .append(", a block every ")
        .append(number(o.meanIntervalSeconds(), 3))
        .append(" s on average (the last after ")
        .append(number(o.lastIntervalSeconds(), 3))
        .append(" s); ")
        .append(o.divergences())
        .append(o.divergences() == 1 ? " divergence" : " divergences")
        .append(".</p>\n<table class=\"participation\">\n<thead><tr><th>validator</th>")
        .append("<th class=\"num\">certificates</th><th class=\"num\">signed</th>")
        .append("<th class=\"num\">missed</th><th class=\"num\">missed %</th>")
        .append("<th class=\"num\">proposed</th></tr></thead>\n<tbody>\n");
    for (RunSummary.Participation p : o.validators()) {
      h.append("<tr><td>").append(esc(p.validator())).append("</td><td class=\"num\">");
      h.append(p.certificates()).append("</td><td class=\"num\">").append(p.signed());
      h.append("</td><td class=\"num\">").append(p.missed()).append("</td><td class=\"num\">");
      h.append(number(p.missedPercent(), 1)).append("</td><td class=\"num\">");
      h.append(p.proposed()).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    if (!o.peers().isEmpty()) {
      h.append("<table class=\"peers\">\n<thead><tr><th>observer</th><th>peer</th>")
          .append("<th>version</th></tr></thead>\n<tbody>\n");
      for (RunSummary.PeerVersion p : o.peers()) {
        h.append("<tr><td>").append(esc(p.observer())).append("</td><td>");
        h.append(esc(p.peer())).append("</td><td>").append(esc(p.version()));
        h.append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n");
    }
    h.append("</section>\n");
  }

  private static void workload(StringBuilder h, RunSummary.Stats st) {
    h.append("<section>\n<h2>Workload</h2>\n<table class=\"stats\">\n<thead><tr>")
        .append("<th class=\"num\">submitted</th><th class=\"num\">accepted</th>")
        .append("<th class=\"num\">rejected</th><th class=\"num\">committed</th>")
        .append("<th class=\"num\">unknown outcome</th><th class=\"num\">committed per second</th>")
        .append("</tr></thead>\n<tbody><tr>");
    for (long n : new long[] {st.submitted(), st.accepted(), st.rejected(), st.committed()}) {
      h.append("<td class=\"num\">").append(count(n)).append("</td>");
    }
    h.append("<td class=\"num\">").append(count(st.unknown())).append("</td>");
    h.append("<td class=\"num\">").append(number(st.throughputPerSecond(), 1)).append("</td>");
    h.append("</tr></tbody>\n</table>\n");
    h.append("<h3>Latency (ms)</h3>\n");
    if (st.latencyMillis().isEmpty()) {
      h.append("<p class=\"none\">No latencies recorded.</p>\n</section>\n");
      return;
    }
    h.append("<table class=\"latency\">\n<thead><tr><th>phase</th><th class=\"num\">count</th>")
        .append("<th class=\"num\">p50</th><th class=\"num\">p90</th><th class=\"num\">p99</th>")
        .append("<th class=\"num\">max</th></tr></thead>\n<tbody>\n");
    for (Map.Entry<String, RunSummary.Latency> e : st.latencyMillis().entrySet()) {
      RunSummary.Latency l = e.getValue();
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"num\">");
      h.append(count(l.count())).append("</td>");
      for (double v : new double[] {l.p50(), l.p90(), l.p99(), l.max()}) {
        h.append("<td class=\"num\">").append(number(v, 1)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n<p class=\"legend\">accepted: from the intended send time to the")
        .append(" node's answer; committed: to the block that holds the transaction.</p>\n")
        .append("</section>\n");
  }

  private static void faults(StringBuilder h, RunSummary s) {
    h.append("<section>\n<h2>Faults</h2>\n");
    if (s.faults().isEmpty()) {
      h.append("<p class=\"none\">No faults were injected.</p>\n</section>\n");
      return;
    }
    h.append("<table class=\"faults\">\n<thead><tr><th>fault</th><th>target</th>")
        .append("<th class=\"num\">start (s)</th><th class=\"num\">end (s)</th>")
        .append("<th class=\"num\">duration</th></tr></thead>\n<tbody>\n");
    for (RunSummary.FaultWindow f : s.faults()) {
      h.append("<tr><td>").append(esc(f.fault())).append("</td><td>").append(esc(f.target()));
      h.append("</td><td class=\"num\">").append(number(f.start(), 1)).append("</td>");
      if (f.end() == null) {
        h.append("<td class=\"num\">never healed</td><td class=\"num\">≥ ");
        h.append(duration(Math.max(0, s.durationSeconds() - f.start())));
      } else {
        h.append("<td class=\"num\">").append(number(f.end(), 1)).append("</td>");
        h.append("<td class=\"num\">").append(duration(f.end() - f.start()));
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  /**
   * The windows in which the run's Prometheus alerts fired; a run without monitoring, or in which
   * none fired, has no such section (its notes say which).
   */
  private static void alerts(StringBuilder h, RunSummary s) {
    if (s.alerts().isEmpty()) {
      return;
    }
    h.append("<section>\n<h2>Alerts</h2>\n<table class=\"alerts\">\n<thead><tr><th>alert</th>")
        .append("<th>labels</th><th class=\"num\">from (s)</th><th class=\"num\">to (s)</th>")
        .append("<th class=\"num\">duration</th></tr></thead>\n<tbody>\n");
    for (RunSummary.Alert a : s.alerts()) {
      StringBuilder labels = new StringBuilder();
      a.labels()
          .forEach(
              (k, v) ->
                  labels
                      .append(labels.length() == 0 ? "" : ", ")
                      .append(esc(k))
                      .append('=')
                      .append(esc(v)));
      h.append("<tr><td>").append(esc(a.alert())).append("</td><td>").append(labels);
      h.append("</td><td class=\"num\">").append(number(a.start(), 1)).append("</td>");
      h.append("<td class=\"num\">").append(number(a.end(), 1));
      if (a.firingAtEnd()) {
        h.append(" (still firing)");
      }
      h.append("</td><td class=\"num\">").append(duration(a.seconds())).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  private static void events(StringBuilder h, RunSummary s, List<Path> logFiles)
      throws IOException {
    if (s.checks().stream().noneMatch(HtmlReport::failed)) {
      return;
    }
    h.append("<section>\n<h2>Log events around the failures</h2>\n");
    if (logFiles.isEmpty()) {
      h.append("<p class=\"none\">No logs were found next to the summary (logs/*.jsonl).</p>\n");
    }
    for (int i = 0; i < s.checks().size(); i++) {
      RunSummary.Check c = s.checks().get(i);
      if (failed(c) && !logFiles.isEmpty()) {
        excerpt(h, i, c, LogExcerpt.around(s, c, logFiles));
      }
    }
    h.append("</section>\n");
  }

  private static void excerpt(StringBuilder h, int index, RunSummary.Check c, LogExcerpt x) {
    h.append("<h3 id=\"events-").append(index).append("\">").append(esc(c.name())).append(" — ");
    h.append("<span class=\"pill ").append(validityClass(c.validity())).append("\">");
    h.append(esc(c.validity())).append("</span></h3>\n<p class=\"legend\">");
    h.append(c.atSeconds() == null ? "The last seconds of the run" : "Around the failure");
    h.append(": from ").append(number(x.fromSeconds(), 1)).append(" s to ");
    h.append(number(x.toSeconds(), 1)).append(" s; ");
    if (x.records().size() < x.matched()) {
      h.append("showing ").append(x.records().size()).append(" of ").append(x.matched());
      h.append(" records (warnings first, then the nearest)");
    } else {
      h.append(x.matched()).append(x.matched() == 1 ? " record" : " records");
    }
    if (x.badLines() > 0) {
      h.append("; ").append(x.badLines()).append(" unreadable log lines skipped");
    }
    h.append(".</p>\n");
    if (x.records().isEmpty()) {
      return;
    }
    h.append(
            "<table class=\"events\">\n<thead><tr><th class=\"num\">t (s)</th><th>node</th><th>level</th>")
        .append("<th>event</th><th>fields</th></tr></thead>\n<tbody>\n");
    for (LogRecord r : x.records()) {
      event(h, r, x.runStartMicros());
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void event(StringBuilder h, LogRecord r, long runStartMicros) {
    String cls =
        r.level() == Level.ERROR
            ? " class=\"error\""
            : r.level() == Level.WARN ? " class=\"warn\"" : "";
    h.append("<tr").append(cls).append("><td class=\"num\" title=\"");
    h.append(esc(LogLine.formatTs(r.tsMicros()))).append("\">");
    h.append(number((r.tsMicros() - runStartMicros) / 1e6, 3)).append("</td><td>");
    h.append(esc(r.node())).append("</td><td>").append(r.level().name()).append("</td><td>");
    h.append(esc(r.event())).append("</td><td class=\"fields\">");
    boolean first = true;
    for (Map.Entry<String, Object> f : r.fields().entrySet()) {
      if (!first) {
        h.append(' ');
      }
      first = false;
      h.append("<span class=\"k\">").append(esc(f.getKey())).append("</span>=");
      h.append(esc(String.valueOf(f.getValue())));
    }
    h.append("</td></tr>\n");
  }

  /** A check whose log events are worth showing: a failure, or an unknown the check placed. */
  private static boolean failed(RunSummary.Check c) {
    return "INVALID".equals(c.validity())
        || ("UNKNOWN".equals(c.validity()) && c.atSeconds() != null);
  }

  private static String validityClass(String validity) {
    return switch (validity) {
      case "VALID" -> "valid";
      case "INVALID" -> "invalid";
      default -> "unknown";
    };
  }

  private static String esc(String s) {
    return Html.escape(s);
  }

  private static String start(String startedAt) {
    return START.format(Instant.parse(startedAt));
  }

  /** "42.0 s", "9 min 59.5 s", "1 h 02 min 03 s". */
  static String duration(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long whole = (long) seconds;
    if (whole < 3600) {
      return String.format(Locale.ROOT, "%d min %04.1f s", whole / 60, seconds - whole / 60 * 60);
    }
    return String.format(
        Locale.ROOT, "%d h %02d min %02d s", whole / 3600, whole % 3600 / 60, whole % 60);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String number(double v, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** Marks each chart loaded or not once the browser has decoded it; a browser test reads it. */
  private static final String LOADED_SCRIPT =
      """
      document.querySelectorAll('img.chart').forEach(function (img) {
        function mark() {
          img.setAttribute('data-loaded', img.naturalWidth > 0 ? 'true' : 'false');
        }
        if (img.complete) {
          mark();
        } else {
          img.addEventListener('load', mark);
          img.addEventListener('error', mark);
        }
      });
      """;

  private static final String CSS =
      """
      :root { --valid: #1a7f37; --invalid: #cf222e; --unknown: #b7791f; --line: #d0d7de; }
      body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
             margin: 0 auto; max-width: 1180px; padding: 24px; }
      header { display: flex; justify-content: space-between; align-items: center; gap: 24px;
               border-bottom: 1px solid var(--line); padding-bottom: 16px; }
      h1 { margin: 0 0 8px; font-size: 26px; }
      h2 { margin: 32px 0 8px; font-size: 20px; border-bottom: 1px solid var(--line); }
      h3 { margin: 20px 0 6px; font-size: 16px; }
      dl.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 0; }
      dl.meta dt { color: #656d76; font-size: 12px; text-transform: uppercase; }
      dl.meta dd { margin: 0; font-weight: 600; }
      .verdict-box { text-align: center; }
      .verdict-box .label { display: block; color: #656d76; font-size: 12px;
                            text-transform: uppercase; }
      .badge { display: inline-block; padding: 10px 28px; border-radius: 10px; color: #fff;
               font-size: 34px; font-weight: 800; letter-spacing: 1px; }
      .badge.valid, .pill.valid { background: var(--valid); }
      .badge.invalid, .pill.invalid { background: var(--invalid); }
      .badge.unknown, .pill.unknown { background: var(--unknown); }
      .pill { color: #fff; border-radius: 999px; padding: 1px 10px; font-size: 12px;
              font-weight: 700; }
      table { border-collapse: collapse; width: 100%; margin: 6px 0; }
      th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
               vertical-align: top; }
      th { background: #f6f8fa; font-weight: 600; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      td.details { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 12px; }
      tr.invalid td:first-child { border-left: 4px solid var(--invalid); }
      tr.unknown td:first-child { border-left: 4px solid var(--unknown); }
      tr.valid td:first-child { border-left: 4px solid var(--valid); }
      figure { margin: 16px 0; }
      figcaption { font-weight: 600; margin-bottom: 4px; }
      img.chart { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
      table.events { font-family: ui-monospace, monospace; font-size: 12px; }
      table.events td.fields { word-break: break-all; }
      table.events .k { color: #656d76; }
      table.events tr.warn td { background: #fff8c5; }
      table.events tr.error td { background: #ffebe9; font-weight: 600; }
      .legend, .none { color: #656d76; }
      ul.notes { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px;
                 padding: 8px 8px 8px 28px; }
      ul.notes.alert { background: #fff8c5; border-color: #d4a72c; }
      p#tolerance.invalid { color: var(--invalid); font-weight: 600; }
      footer { margin-top: 40px; color: #656d76; font-size: 12px; }
      """;
}
