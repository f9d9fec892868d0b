package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.node.keys.KeystoreFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledgerlab keys} as a person runs it, in its own JVM: the password from an environment
 * variable the user names, and typed at a terminal (a pseudo-terminal made by util-linux's {@code
 * script}) where it is not echoed and is asked for twice.
 */
@Timeout(120)
class KeysCliIT {
  private static final Path SCRIPT = Path.of("/usr/bin/script");

  @TempDir Path dir;

  @Test
  void thePasswordComesFromTheVariableTheUserNames() throws Exception {
    Path keys = dir.resolve("keys");
    ProcessBuilder pb =
        new ProcessBuilder(
                java(
                    "keys",
                    "create",
                    "--dir",
                    keys.toString(),
                    "--name",
                    "env1",
                    "--role",
                    "client",
                    "--kdf",
                    "pbkdf2",
                    "--password-env",
                    "LEDGERLAB_IT_PASSWORD"))
            .redirectErrorStream(true);
    pb.environment().put("LEDGERLAB_IT_PASSWORD", "from-the-environment");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("created key env1 (client)").doesNotContain("from-the-environment");
    try (Password pw = Password.wrap("from-the-environment".toCharArray())) {
      assertThat(KeystoreFiles.read(keys.resolve("env1.json")).decrypt(pw)).isNotNull();
    }
  }

  @Test
  void aTypedPasswordIsNotEchoedAndIsAskedForTwice() throws Exception {
    assumeTrue(Files.isExecutable(SCRIPT), "util-linux's script makes the pseudo-terminal");
    Path keys = dir.resolve("keys");
    try (Terminal t =
        Terminal.start(
            java(
                "keys",
                "create",
                "--dir",
                keys.toString(),
                "--name",
                "typed",
                "--role",
                "agent",
                "--kdf",
                "pbkdf2"))) {
      // Typed only once asked: before the prompt turns echo off, the terminal would echo it.
      t.await("password for the new key typed: ");
      t.type("typed-secret-123\n");
      t.await("(again): ");
      t.type("typed-secret-123\n");
      assertThat(t.exit()).as(t.output()).isZero();
      assertThat(t.output()).contains("created key typed (agent)").doesNotContain("typed-secret");
    }
    try (Password pw = Password.wrap("typed-secret-123".toCharArray())) {
      assertThat(KeystoreFiles.read(keys.resolve("typed.json")).decrypt(pw)).isNotNull();
    }
  }

  @Test
  void twoDifferentTypedPasswordsAreRefused() throws Exception {
    assumeTrue(Files.isExecutable(SCRIPT), "util-linux's script makes the pseudo-terminal");
    Path keys = dir.resolve("keys");
    try (Terminal t =
        Terminal.start(
            java(
                "keys",
                "create",
                "--dir",
                keys.toString(),
                "--name",
                "typo",
                "--role",
                "agent",
                "--kdf",
                "pbkdf2"))) {
      t.await("password for the new key typo: ");
      t.type("first-one\n");
      t.await("(again): ");
      t.type("second-one\n");
      assertThat(t.exit()).as(t.output()).isEqualTo(KeysCommand.REFUSED);
      assertThat(t.output())
          .contains("the two passwords typed differ")
          .doesNotContain("first-one")
          .doesNotContain("second-one");
    }
    assertThat(keys.resolve("typo.json")).doesNotExist();
  }

  private static List<String> java(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", JarProcess.jar().toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** A command on a pseudo-terminal: what it prints, and keys typed into it. */
  private static final class Terminal implements AutoCloseable {
    private final Process process;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final Thread reader;

    private Terminal(Process process) {
      this.process = process;
      this.reader = new Thread(this::pump, "terminal-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Terminal start(List<String> command) throws IOException {
      StringBuilder line = new StringBuilder();
      for (String word : command) {
        line.append('\'').append(word.replace("'", "'\\''")).append("' ");
      }
      return new Terminal(
          new ProcessBuilder(SCRIPT.toString(), "-qec", line.toString(), "/dev/null")
              .redirectErrorStream(true)
              .start());
    }

    private void pump() {
      byte[] buf = new byte[4096];
      try (InputStream in = process.getInputStream()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          synchronized (seen) {
            seen.write(buf, 0, n);
          }
        }
      } catch (IOException e) {
        // The process is gone; what it printed is kept.
      }
    }

    String output() {
      synchronized (seen) {
        return seen.toString(StandardCharsets.UTF_8);
      }
    }

    void await(String text) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!output().contains(text)) {
        assertThat(System.nanoTime()).as("'%s' in:%n%s", text, output()).isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    void type(String keys) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write(keys.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    int exit() throws InterruptedException {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits:%n%s", output()).isTrue();
      reader.join(5_000);
      return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
