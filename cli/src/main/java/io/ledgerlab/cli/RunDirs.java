package io.ledgerlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.process.SupervisorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the run directory a command works on. A run directory holds, among other files, each node's
 * structured log at {@code <run>/logs/<node>.jsonl}. The current run is named by the file {@code
 * runs/current} under the working directory: its trimmed content is the run directory's path,
 * relative to the working directory unless absolute.
 */
final class RunDirs {
  /** Where the current run is named, relative to the working directory. */
  static final Path CURRENT = Path.of("runs", "current");

  static final String NO_CURRENT_RUN =
      "no current run: start one with 'ledgerlab up <manifest>' or pass --run-dir";

  private RunDirs() {}

  /**
   * {@code explicitOrNull} when given, else the current run; relative to the process's directory.
   */
  static Path resolve(Path explicitOrNull) {
    return resolve(explicitOrNull, workingDirectory());
  }

  /**
   * @throws IllegalArgumentException when the explicit directory does not exist, or there is no
   *     current run, or it names a directory that does not exist
   */
  static Path resolve(Path explicitOrNull, Path workDir) {
    if (explicitOrNull != null) {
      Path dir = workDir.resolve(explicitOrNull);
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("no run directory at " + explicitOrNull);
      }
      return dir;
    }
    Path current = workDir.resolve(CURRENT);
    if (!Files.isRegularFile(current)) {
      throw new IllegalArgumentException(NO_CURRENT_RUN);
    }
    String named;
    try {
      named = Files.readString(current, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + current, e);
    }
    if (named.isEmpty()) {
      throw new IllegalArgumentException(CURRENT + " is empty; " + NO_CURRENT_RUN);
    }
    Path dir = workDir.resolve(named);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "the current run "
              + named
              + " (named in "
              + CURRENT
              + ") is not a directory; "
              + NO_CURRENT_RUN);
    }
    return dir;
  }

  /** A new run directory for {@code name}: {@code runs/<name>-<UTC time>}. */
  static Path fresh(String name) {
    String stamp =
        LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = Path.of("runs", name + "-" + stamp);
    // Two runs started in the same second get their own directories.
    for (int n = 2; Files.exists(dir); n++) {
      dir = Path.of("runs", name + "-" + stamp + "-" + n);
    }
    return dir;
  }

  /**
   * Names {@code runDir} the current run, creating {@code runs/}. The file is replaced in one
   * rename, so a command reading it at the same time sees the old run or the new one.
   */
  static void setCurrent(Path runDir) throws IOException {
    setCurrent(runDir, workingDirectory());
  }

  /** As {@link #setCurrent(Path)}; a relative {@code runDir} is relative to {@code workDir}. */
  static void setCurrent(Path runDir, Path workDir) throws IOException {
    Path current = workDir.resolve(CURRENT);
    Files.createDirectories(current.getParent());
    Path temp = Files.createTempFile(current.getParent(), "current", ".tmp");
    try {
      Files.writeString(temp, runDir + "\n", StandardCharsets.UTF_8);
      Files.move(
          temp, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Names {@code runDir} the current run unless the current run is a network {@code up} brought up
   * that is still up: {@code status}, {@code fault}, {@code down} and {@code dashboard} work on
   * that network until it is down, whatever scenario ran meanwhile.
   *
   * @return the network that keeps {@code runs/current}, or empty when {@code runDir} took it
   */
  static Optional<Path> setCurrentUnlessUp(Path runDir) throws IOException {
    return setCurrentUnlessUp(runDir, workingDirectory());
  }

  /**
   * As {@link #setCurrentUnlessUp(Path)}; a relative {@code runDir} is relative to {@code workDir}.
   */
  static Optional<Path> setCurrentUnlessUp(Path runDir, Path workDir) throws IOException {
    Optional<Path> held;
    try {
      held = Optional.of(resolve(null, workDir)).filter(RunDirs::isNetworkUp);
    } catch (IllegalArgumentException e) {
      held = Optional.empty(); // no current run, or one that is gone: nothing to keep
    }
    if (held.isPresent()
        && !held.get()
            .toAbsolutePath()
            .normalize()
            .equals(workDir.resolve(runDir).toAbsolutePath().normalize())) {
      return held;
    }
    setCurrent(runDir, workDir);
    return Optional.empty();
  }

  /**
   * Whether {@code runDir} holds a network from {@code ledgerlab up} whose supervisor still runs:
   * its state file says neither stopped nor failed and its PID is alive.
   */
  static boolean isNetworkUp(Path runDir) {
    Optional<JsonNode> state;
    try {
      state = new SupervisorClient(new RunLayout(runDir)).state();
    } catch (IOException e) {
      return false; // a torn state file: not a network anything can talk to
    }
    return state
        .filter(s -> !Set.of("stopped", "failed").contains(s.path("state").asText()))
        .flatMap(s -> ProcessHandle.of(s.path("pid").asLong(-1)))
        .filter(ProcessHandle::isAlive)
        .isPresent();
  }

  private static Path workingDirectory() {
    return Path.of("").toAbsolutePath();
  }
}
