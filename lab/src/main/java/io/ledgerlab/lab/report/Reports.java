package io.ledgerlab.lab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The report files of a run directory: {@code summary.json} (the data), {@code junit.xml} (the
 * checks, for CI) and {@code report.html} (for a person), drawn from the summary and the node logs
 * in {@code logs/*.jsonl}.
 */
public final class Reports {
  public static final String SUMMARY_FILE = "summary.json";
  public static final String JUNIT_FILE = "junit.xml";
  public static final String HTML_FILE = "report.html";
  public static final String LOGS_DIR = "logs";

  private Reports() {}

  /** Writes the summary, then the JUnit XML and the HTML report drawn from it. */
  public static void write(Path runDir, RunSummary summary) throws IOException {
    SummaryJson.write(runDir.resolve(SUMMARY_FILE), summary);
    writeReports(runDir, summary);
  }

  /**
   * Reads {@code summary.json} and rewrites {@code junit.xml} and {@code report.html} from it and
   * the logs, as they are now.
   *
   * @return the summary read
   * @throws java.nio.file.NoSuchFileException when the run directory has no summary
   * @throws SummaryJson.InvalidSummaryException when the summary cannot be read as one
   */
  public static RunSummary regenerate(Path runDir) throws IOException {
    RunSummary summary = SummaryJson.read(runDir.resolve(SUMMARY_FILE));
    writeReports(runDir, summary);
    return summary;
  }

  /** The three report files of {@code runDir}: summary, JUnit XML, HTML. */
  public static List<Path> files(Path runDir) {
    return List.of(
        runDir.resolve(SUMMARY_FILE), runDir.resolve(JUNIT_FILE), runDir.resolve(HTML_FILE));
  }

  private static void writeReports(Path runDir, RunSummary summary) throws IOException {
    JunitXml.write(runDir.resolve(JUNIT_FILE), summary);
    HtmlReport.write(runDir, summary);
  }
}
