package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ledgerlab export compose} refuses {@code monitoring} at its line: the compose file runs no
 * Prometheus, and a key silently dropped would mislead.
 */
class ExportMonitoringTest {
  @TempDir Path dir;

  @Test
  void monitoringIsRefusedWithItsPlaceAndNothingIsWritten() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("net.yaml"), "name: watched\nvalidators: 4\nmonitoring: prometheus\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));

    int code =
        cli.execute(
            "export", "compose", manifest.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .startsWith(
            "ledgerlab export: "
                + manifest
                + ":3:1: monitoring: no monitoring in an exported compose file");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
