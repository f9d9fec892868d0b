package io.ledgerlab.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus' own checker, {@code promtool}, from the same Debian package as Prometheus. */
final class Promtool {
  static final Path PROGRAM = Path.of("/usr/bin/promtool");

  private Promtool() {}

  /** Runs {@code promtool args...} in {@code dir}; fails the test when it is not installed. */
  static Result run(Path dir, String... args) throws IOException, InterruptedException {
    assertThat(Files.isExecutable(PROGRAM))
        .as(
            "%s is missing: the monitoring tests need Debian's prometheus package"
                + " (apt-get install -y prometheus; .ci/run installs it)",
            PROGRAM)
        .isTrue();
    List<String> command = new ArrayList<>(List.of(PROGRAM.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String output) {}
}
