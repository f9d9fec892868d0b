package io.ledgerlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Every process of one run that a test has seen: the PIDs in {@code supervisor.json} at each {@link
 * #record()}, so that a node restarted since still counts, plus any process whose command line
 * names the run directory. Handles are kept rather than numbers, so a PID the system reused for
 * another process is neither reported nor stopped.
 */
final class RunProcesses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path runDir;
  private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
  private long supervisorPid = -1;

  RunProcesses(Path runDir) {
    this.runDir = runDir.toAbsolutePath().normalize();
  }

  /** Reads {@code supervisor.json}, when there is one, and remembers every live PID in it. */
  JsonNode record() throws IOException {
    Path state = runDir.resolve("supervisor.json");
    if (!Files.isRegularFile(state)) {
      return JSON.createObjectNode();
    }
    JsonNode s = JSON.readTree(state.toFile());
    supervisorPid = s.path("pid").asLong(-1);
    remember(supervisorPid);
    s.path("nodes").forEach(n -> remember(n.path("pid").asLong(-1)));
    return s;
  }

  /**
   * Remembers every live process whose command line names the run directory: {@code ledgerlab run}
   * itself and its nodes, which no {@code supervisor.json} lists. Returns how many it knows.
   */
  int recordNamed() {
    strays().forEach(p -> seen.putIfAbsent(p.pid(), p));
    return seen.size();
  }

  /**
   * Remembers every live process this JVM started, directly or not: the nodes of a command run in
   * the test's own JVM. Their command lines carry the test JVM's long class path, and the JDK
   * reports no arguments for a command line that long, so {@link #recordNamed()} misses them.
   * Returns how many it knows.
   */
  int recordDescendants() {
    ProcessHandle.current().descendants().forEach(p -> seen.putIfAbsent(p.pid(), p));
    return seen.size();
  }

  /** The supervisor's PID from the last {@link #record()}, or -1. */
  long supervisorPid() {
    return supervisorPid;
  }

  /** How many distinct processes were recorded. */
  int recorded() {
    return seen.size();
  }

  /** The recorded processes and any other naming the run directory that are still alive. */
  List<Long> alive() {
    Map<Long, ProcessHandle> all = new LinkedHashMap<>(seen);
    strays().forEach(p -> all.putIfAbsent(p.pid(), p));
    return all.values().stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
  }

  /** Waits up to {@code timeout} for every process to be gone; returns those still alive. */
  List<Long> awaitGone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Long> alive = alive();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      alive = alive();
    }
    return alive;
  }

  /** SIGKILLs whatever is left, supervisor first, and waits a little for them to go. */
  void killAll() throws InterruptedException {
    try {
      record();
    } catch (IOException e) {
      // A torn or missing state file: the PIDs recorded before and the strays still count.
    }
    Optional.ofNullable(seen.get(supervisorPid)).ifPresent(ProcessHandle::destroyForcibly);
    seen.values().forEach(ProcessHandle::destroyForcibly);
    strays().forEach(ProcessHandle::destroyForcibly);
    awaitGone(Duration.ofSeconds(10));
  }

  private void remember(long pid) {
    if (pid > 0 && !seen.containsKey(pid)) {
      ProcessHandle.of(pid).ifPresent(p -> seen.put(pid, p));
    }
  }

  /** Live processes whose command line names the run directory: the supervisor and its nodes. */
  private List<ProcessHandle> strays() {
    String root = runDir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(
            p ->
                p.info().arguments().stream()
                    .flatMap(Arrays::stream)
                    .anyMatch(a -> a.equals(root) || a.startsWith(root + "/")))
        .toList();
  }
}
