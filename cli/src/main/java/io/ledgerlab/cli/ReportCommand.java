package io.ledgerlab.cli;

import io.ledgerlab.lab.report.Reports;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.report.SummaryJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledgerlab report <run-dir>}: rebuilds a run's junit.xml and report.html. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuilds the report of a run from its summary.json and its logs (<run-dir>/logs/*.jsonl):"
          + " junit.xml for CI and report.html, one self-contained page with the verdict, charts"
          + " and the log events around each failure. Prints the paths of the files.",
      "Exit status: 0 when the run's verdict is VALID; 1 when it is INVALID or UNKNOWN (the"
          + " checks that did not pass are printed); 2 when the directory has no summary.json;"
          + " 3 when the summary cannot be read or the report cannot be written."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN-DIR", description = "The run directory.")
  Path runDir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path summaryFile = runDir.resolve(Reports.SUMMARY_FILE);
    if (!Files.isRegularFile(summaryFile)) {
      err.println(
          "ledgerlab report: no "
              + Reports.SUMMARY_FILE
              + " at "
              + summaryFile
              + "; is "
              + runDir
              + " a run directory?");
      err.flush();
      return ExitCode.USAGE;
    }
    RunSummary summary;
    try {
      summary = Reports.regenerate(runDir);
    } catch (SummaryJson.InvalidSummaryException e) {
      err.println("ledgerlab report: " + e.getMessage());
      err.flush();
      return ExitCode.CRASH;
    }
    for (Path f : Reports.files(runDir)) {
      out.println(f);
    }
    out.println("verdict: " + summary.verdict());
    if ("VALID".equals(summary.verdict())) {
      out.flush();
      return ExitCode.OK;
    }
    for (RunSummary.Check c : summary.checks()) {
      if (!"VALID".equals(c.validity())) {
        out.println("  " + c.validity() + " " + c.name() + ": " + firstLine(c.details()));
      }
    }
    out.flush();
    return ExitCode.CHECK_FAILED;
  }

  private static String firstLine(String details) {
    if (details == null || details.isBlank()) {
      return "(no details)";
    }
    return details.strip().lines().findFirst().orElse("");
  }
}
