package io.ledgerlab.lab.devchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevChainRunTest {
  @TempDir Path dir;

  @Test
  void runsOnRocksDbAndEveryCheckPasses() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DevChainOptions options = new DevChainOptions(4, 80, 50, 0.2, 20, 7, dir);
    DevChainReport report =
        new DevChainRun(options, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(report.verdict()).as(out).isEqualTo(Validity.VALID);
    assertThat(report.height()).isEqualTo(4);
    assertThat(report.failedReceipts())
        .as("some operations were built to fail in their receipt")
        .isPositive();
    assertThat(report.checks())
        .extracting(CheckResult::name)
        .containsExactly("admission", "receipts", "total-supply", "state-root", "recovery");
    assertThat(out).contains("height").contains("verdict: VALID");
    assertThat(Files.isDirectory(dir.resolve("node0/db")))
        .as("the chain stays in --data-dir")
        .isTrue();
  }

  @Test
  void refusesADataDirThatAlreadyHoldsAChain() throws Exception {
    DevChainOptions options = new DevChainOptions(1, 5, 5, 0, 5, 1, dir);
    new DevChainRun(
            options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run();
    assertThatThrownBy(
            () ->
                new DevChainRun(
                        options,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already holds a chain");
  }

  @Test
  void optionsOutOfRangeNameTheFlag() {
    assertThatThrownBy(() -> new DevChainOptions(0, 1, 2, 0, 10, 1, null))
        .hasMessageContaining("--blocks");
    assertThatThrownBy(() -> new DevChainOptions(1, 1, 1, 0, 10, 1, null))
        .hasMessageContaining("--accounts");
    assertThatThrownBy(() -> new DevChainOptions(1, 1, 2, 1.5, 10, 1, null))
        .hasMessageContaining("--failing");
  }
}
