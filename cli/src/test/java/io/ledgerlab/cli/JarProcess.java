package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar ledgerlab.jar ...} as a person runs it: its own JVM, its own working directory,
 * everything it prints (stdout and stderr together) kept in a file the test reads while it runs,
 * and a real SIGINT for Ctrl-C. {@link #close()} SIGKILLs it if it is still alive, so a failing
 * test leaves nothing behind.
 */
final class JarProcess implements AutoCloseable {
  private static final Path ENV = Path.of("/usr/bin/env");
  private static final long SIGINT_MASK = 1L << (2 - 1);

  private static final boolean RESETS_SIGINT = envResetsSigint();

  private final Process process;
  private final Path output;

  private JarProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** The shaded jar {@code package} builds before the integration tests run. */
  static Path jar() {
    Path jar =
        Path.of(System.getProperty("basedir", "."), "target", "ledgerlab.jar")
            .toAbsolutePath()
            .normalize();
    assertThat(jar).as("the CLI jar; build it with mvn -pl cli -am package").isRegularFile();
    return jar;
  }

  /** A file of the repository, from the cli module's directory. */
  static Path repoFile(String path) {
    return Path.of(System.getProperty("basedir", "."), "..", path).toAbsolutePath().normalize();
  }

  /**
   * Starts {@code java -jar ledgerlab.jar args} in {@code workDir}.
   *
   * <p>A process started from a shell script in the background inherits SIGINT as ignored, and a
   * JVM that starts with SIGINT ignored never installs its Ctrl-C handler; {@code env
   * --default-signal=INT} gives the JVM the default, as a terminal would.
   */
  static JarProcess start(Path workDir, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (RESETS_SIGINT) {
      command.addAll(List.of(ENV.toString(), "--default-signal=INT"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(List.of(args));
    Path output = workDir.resolve(name + ".out");
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    return new JarProcess(p, output);
  }

  /** Whether this machine's {@code env} can reset a signal to its default (coreutils 8.31+). */
  private static boolean envResetsSigint() {
    if (!Files.isExecutable(ENV)) {
      return false;
    }
    try {
      Process p =
          new ProcessBuilder(ENV.toString(), "--default-signal=INT", "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  long pid() {
    return process.pid();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Everything it printed so far. */
  String output() throws IOException {
    return Files.isRegularFile(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }

  /** Waits until it has printed {@code text}; fails, with what it printed, after {@code max}. */
  void awaitOutput(String text, Duration max) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!output().contains(text)) {
      if (!process.isAlive()) {
        fail(
            "ledgerlab exited with %d before printing '%s':%n%s",
            process.exitValue(), text, output());
      }
      if (System.nanoTime() > deadline) {
        fail("ledgerlab did not print '%s' within %s:%n%s", text, max, output());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** Ctrl-C: SIGINT to the JVM, after checking that it does not ignore SIGINT. */
  void interrupt() throws IOException, InterruptedException {
    assertThat(sigintIgnored()).as("SIGINT is ignored by ledgerlab (pid %d)", pid()).isFalse();
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -INT returned").isTrue();
    assertThat(kill.exitValue()).as("kill -INT %d", pid()).isZero();
  }

  private boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc", Long.toString(pid()), "status");
    if (!Files.isRegularFile(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & SIGINT_MASK) != 0;
      }
    }
    return false;
  }

  /**
   * Waits for it to exit and returns its exit status; fails, with its output, after {@code max}.
   */
  int awaitExit(Duration max) throws IOException, InterruptedException {
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("ledgerlab did not exit within %s:%n%s", max, output());
    }
    return process.exitValue();
  }

  /** SIGKILL if it is still running, and wait a little for it to go. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
