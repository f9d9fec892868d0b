package io.ledgerlab.ledger.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A chain with failing chain-code calls gives the same receipt roots on JDK 17 and on the JDK 25
 * installed beside it, and with or without "helpful" NullPointerException messages: validators on
 * different JDK builds must accept each other's blocks.
 */
class CrossJdkReceiptsTest {
  private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
  private static final long RUN_SECONDS_MAX = 120;

  @Test
  void receiptRootsAreTheSameOnEveryJdkAndFlag() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(JDK_25),
        "JDK 25 is not installed at " + JDK_25 + ": nothing to compare");
    Path jdk17 = Path.of(System.getProperty("java.home"), "bin", "java");
    String onJdk17 = run(jdk17);
    Map<String, String> others = new LinkedHashMap<>();
    others.put("JDK 17 without NPE details", run(jdk17, "-XX:-ShowCodeDetailsInExceptionMessages"));
    others.put("JDK 25", run(JDK_25));

    assertThat(onJdk17).contains("block " + ReceiptRootsMain.BLOCKS.size() + " hash");
    assertThat(others).allSatisfy((jvm, output) -> assertThat(output).as(jvm).isEqualTo(onJdk17));
  }

  /** Runs {@link ReceiptRootsMain} in a child JVM on the test class path; returns its output. */
  private static String run(Path java, String... flags) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(List.of(flags));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), ReceiptRootsMain.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(RUN_SECONDS_MAX, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + RUN_SECONDS_MAX + " s");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code of %s, output:%n%s", command, text).isZero();
    return text;
  }
}
