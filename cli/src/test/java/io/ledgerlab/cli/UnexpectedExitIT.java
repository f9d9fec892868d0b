package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, {@code ledgerlab run examples/quickstart.yaml}, as a subprocess, with
 * one node SIGKILLed from outside the lab under load, as the kernel's out-of-memory killer or an
 * operator would: the run says so at once, never restarts the node, fails the {@code nodes} check
 * naming node and exit code, exits 1, and leaves no process behind.
 */
@Timeout(300)
class UnexpectedExitIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Start, warm-up and the load's first two seconds, on a machine busy with other builds. */
  private static final Duration LOAD_WAIT = Duration.ofSeconds(120);

  /** The rest: load, heal, a liveness wait that n2 never passes (30 s), quiet, reads, report. */
  private static final Duration RUN_WAIT = Duration.ofSeconds(150);

  @TempDir Path dir;

  private final List<JarProcess> started = new ArrayList<>();
  private final List<RunProcesses> runs = new ArrayList<>();

  @AfterEach
  void noProcessOutlivesTheTest() throws Exception {
    // A test stopped by its @Timeout is interrupted; the cleanup must still wait.
    Thread.interrupted();
    for (JarProcess p : started) {
      p.close();
    }
    List<Long> left = new ArrayList<>();
    for (RunProcesses run : runs) {
      left.addAll(run.alive());
      run.killAll();
    }
    assertThat(left).as("processes alive after the test").isEmpty();
  }

  @Test
  void aNodeKilledFromOutsideIsAnUnexpectedExitThatFailsTheRunNamingNodeAndCode() throws Exception {
    Path run = dir.resolve("quickstart");
    RunProcesses processes = new RunProcesses(run);
    runs.add(processes);
    JarProcess ledgerlab =
        JarProcess.start(
            dir,
            "run",
            "run",
            JarProcess.repoFile("examples/quickstart.yaml").toString(),
            "--duration",
            "8s",
            "--run-dir",
            run.toString());
    started.add(ledgerlab);

    ledgerlab.awaitOutput("s elapsed,", LOAD_WAIT);
    assertThat(processes.recordNamed()).as("ledgerlab and its 4 nodes").isEqualTo(5);
    ProcessHandle n2 = nodeProcess(run, "n2");
    n2.destroyForcibly();
    int exit = ledgerlab.awaitExit(RUN_WAIT);
    String out = ledgerlab.output();

    assertThat(exit).as(out).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(out)
        .containsPattern(
            "\\[\\d+\\.\\ds\\] UNEXPECTED EXIT: n2 exited on its own with exit code 137 \\(killed"
                + " by signal 9\\); it will not be restarted")
        .contains("verdict: INVALID");
    assertThat(out.lines().filter(l -> l.contains("UNEXPECTED EXIT")))
        .as("only n2 exited on its own, once")
        .hasSize(1);

    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertThat(summary.path("status").asText()).isEqualTo("completed");
    JsonNode nodes = check(summary, "nodes");
    assertThat(nodes.path("validity").asText()).as("%s", nodes).isEqualTo("INVALID");
    assertThat(nodes.path("details").asText())
        .startsWith("n2 exited unexpectedly at ")
        .contains("with exit code 137 (killed by signal 9); last lines:");
    assertThat(nodes.path("atSeconds").asDouble()).as("when n2 exited").isPositive();
    JsonNode exitRow = fault(summary, "unexpected exit (code 137)");
    assertThat(exitRow.path("target").asText()).isEqualTo("n2");
    assertThat(exitRow.path("end").isNull()).as("n2 was never started again: %s", exitRow).isTrue();

    String report = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(report)
        .contains("<td>unexpected exit (code 137)</td><td>n2</td>")
        .contains("n2 exited unexpectedly at ")
        .contains("with exit code 137 (killed by signal 9)");

    assertThat(n2.isAlive()).as("n2").isFalse();
    assertThat(processes.awaitGone(Duration.ofSeconds(5)))
        .as("processes of the run alive after it exited")
        .isEmpty();
  }

  /** The node's process, found from outside by the config file on its command line. */
  static ProcessHandle nodeProcess(Path run, String node) {
    String config = run.resolve("nodes").resolve(node).resolve("config.yaml").toString();
    List<ProcessHandle> found =
        ProcessHandle.allProcesses()
            .filter(ProcessHandle::isAlive)
            .filter(
                p ->
                    p.info().arguments().stream()
                        .flatMap(Arrays::stream)
                        .anyMatch(a -> a.equals(config)))
            .toList();
    assertThat(found).as("processes with %s on their command line", config).hasSize(1);
    return found.get(0);
  }

  static JsonNode check(JsonNode summary, String name) {
    for (JsonNode c : summary.path("checks")) {
      if (name.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + summary.path("checks"));
  }

  private static JsonNode fault(JsonNode summary, String name) {
    for (JsonNode f : summary.path("faults")) {
      if (name.equals(f.path("fault").asText())) {
        return f;
      }
    }
    throw new AssertionError("no fault " + name + " in " + summary.path("faults"));
  }
}
