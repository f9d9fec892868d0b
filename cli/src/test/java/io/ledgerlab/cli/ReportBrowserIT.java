package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ledgerlab.lab.report.SummaryJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledgerlab report} as a person sees it: the page opened in headless Chromium. The report
 * marks each chart {@code data-loaded="true"} once the browser has decoded its image and {@code
 * "false"} when it could not, so the DOM Chromium dumps after running the page's script tells
 * whether the charts really drew; a page with a corrupted chart proves the check can fail.
 *
 * <p>Needs {@code chromium} (or {@code chromium-browser}) on the PATH: {@code .ci/run} installs
 * Debian's package. Without it the test fails rather than skips, so a CI machine without a browser
 * cannot pass unnoticed. The screenshot is kept at {@code cli/target/report-screenshot.png}.
 */
class ReportBrowserIT {
  private static final long BROWSER_SECONDS_MAX = 120;
  private static final long SCREENSHOT_BYTES_MIN = 20_000;
  private static final List<String> CHARTS = List.of("throughput", "latency", "heights");

  private static Path chromium;

  @TempDir Path work;

  @BeforeAll
  static void findChromium() {
    chromium = HeadlessChromium.find();
  }

  @Test
  void theReportShowsItsVerdictAndDrawsEveryChart() throws Exception {
    Path run = Files.createDirectories(work.resolve("run"));
    SummaryJson.write(run.resolve("summary.json"), ReportCommandTest.sample("INVALID"));
    writeLogs(run);

    int code = Ledgerlab.commandLine().execute("report", run.toString());
    assertThat(code).isEqualTo(ExitCode.CHECK_FAILED);
    Path html = run.resolve("report.html");

    String dom = dumpDom(html);
    assertThat(verdict(dom)).isEqualTo("INVALID");
    for (String chart : CHARTS) {
      assertThat(chartTag(dom, chart)).as(chart).contains("data-loaded=\"true\"");
    }
    assertThat(dom).contains("<table class=\"events\">", "consensus.fork");

    Path png = work.resolve("report.png");
    browser(
        png.getParent(),
        "--screenshot=" + png,
        "--window-size=1280,2400",
        "--hide-scrollbars",
        html.toUri().toString());
    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(SCREENSHOT_BYTES_MIN);
    Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
    Files.createDirectories(target);
    Files.copy(png, target.resolve("report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aBrokenChartIsSeenAsNotLoaded() throws Exception {
    Path run = Files.createDirectories(work.resolve("run"));
    SummaryJson.write(run.resolve("summary.json"), ReportCommandTest.sample("VALID"));
    assertThat(Ledgerlab.commandLine().execute("report", run.toString())).isEqualTo(ExitCode.OK);
    String page = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    // Truncate the latency chart's SVG: the image no longer decodes.
    Matcher m =
        Pattern.compile("(data-chart=\"latency\"[^>]*base64,)([A-Za-z0-9+/=]+)").matcher(page);
    assertThat(m.find()).isTrue();
    String broken =
        page.substring(0, m.start(2))
            + m.group(2).substring(0, m.group(2).length() / 2)
            + page.substring(m.end(2));
    Path html = run.resolve("broken.html");
    Files.writeString(html, broken, StandardCharsets.UTF_8);

    String dom = dumpDom(html);

    assertThat(verdict(dom)).isEqualTo("VALID");
    assertThat(chartTag(dom, "latency")).contains("data-loaded=\"false\"");
    assertThat(chartTag(dom, "heights")).contains("data-loaded=\"true\"");
  }

  private String dumpDom(Path html) throws Exception {
    return browser(
        work,
        "--dump-dom",
        "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=5000",
        html.toUri().toString());
  }

  /** Runs headless Chromium with {@code args}; returns what it printed on stdout. */
  private String browser(Path dir, String... args) throws Exception {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> command = new ArrayList<>();
    command.add(chromium.toString());
    command.add("--headless=new");
    command.add("--disable-gpu");
    command.add("--no-sandbox");
    command.add("--no-first-run");
    command.add("--user-data-dir=" + profile);
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(work, "chromium", ".out");
    Path stderr = Files.createTempFile(work, "chromium", ".err");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!p.waitFor(BROWSER_SECONDS_MAX, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail("chromium did not finish in %d s: %s%n%s", BROWSER_SECONDS_MAX, command, tail(stderr));
    }
    if (p.exitValue() != 0) {
      fail("chromium exited %d: %s%n%s", p.exitValue(), command, tail(stderr));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String verdict(String dom) {
    Matcher m = Pattern.compile("<[^>]*\\bid=\"verdict\"[^>]*>([^<]*)<").matcher(dom);
    assertThat(m.find()).as("an element with id=\"verdict\" in the DOM").isTrue();
    return m.group(1).strip();
  }

  /** The {@code <img>} tag of one chart, without its (long) source. */
  private static String chartTag(String dom, String chart) {
    Matcher m = Pattern.compile("<img [^>]*data-chart=\"" + chart + "\"[^>]*>").matcher(dom);
    assertThat(m.find()).as("the " + chart + " chart in the DOM").isTrue();
    return m.group().replaceAll("src=\"[^\"]*\"", "src=\"…\"");
  }

  private static void writeLogs(Path run) throws IOException {
    Path logs = Files.createDirectories(run.resolve("logs"));
    Files.writeString(
        logs.resolve("n0.jsonl"),
        "{\"ts\":\"2026-11-24T07:10:29.500000Z\",\"node\":\"n0\",\"level\":\"info\","
            + "\"event\":\"block.committed\",\"height\":7}\n"
            + "{\"ts\":\"2026-11-24T07:10:30.250000Z\",\"node\":\"n0\",\"level\":\"warn\","
            + "\"event\":\"consensus.fork\",\"height\":7,\"hash\":\"ab12\"}\n",
        StandardCharsets.UTF_8);
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
