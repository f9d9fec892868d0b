package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C, as a real SIGINT to {@code java -jar ledgerlab.jar}: during the load of {@code run}, and
 * while {@code up} starts its supervisor or waits for the first block. Each time the command says
 * what it stops, stops it (proved by PID), exits 130 and marks the run directory INTERRUPTED; a run
 * also keeps the summary, history and report of what ran.
 */
@Timeout(240)
class InterruptIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Start, warm-up and the load's first seconds, on a machine busy with other builds. */
  private static final Duration LOAD_WAIT = Duration.ofSeconds(120);

  /** From Ctrl-C to exit: stopping the nodes (SIGTERM, then SIGKILL after 5 s) and the report. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  /** How long nodes may outlive a supervisor killed mid-start: they poll its PID every 500 ms. */
  private static final Duration ORPHAN_EXIT_MAX = Duration.ofSeconds(6);

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
  void ctrlCDuringTheLoadStopsEveryNodeAndKeepsTheReportOfWhatRan() throws Exception {
    Path run = dir.resolve("quickstart");
    RunProcesses processes = track(run);
    JarProcess ledgerlab =
        start(
            "run",
            "run",
            JarProcess.repoFile("examples/quickstart.yaml").toString(),
            "--duration",
            "20s",
            "--run-dir",
            run.toString());

    ledgerlab.awaitOutput("s elapsed,", LOAD_WAIT);
    assertThat(processes.recordNamed()).as("ledgerlab and its 4 nodes").isEqualTo(5);
    ledgerlab.interrupt();
    int exit = ledgerlab.awaitExit(STOP_WAIT);
    String out = ledgerlab.output();

    assertThat(exit).as(out).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(out)
        .contains("interrupted: stopping every node and writing what ran so far")
        .contains("interrupted during load: stopping 4 nodes")
        .contains("verdict: UNKNOWN (interrupted)");
    assertThat(processes.awaitGone(Duration.ofSeconds(5)))
        .as("processes of the run alive after it exited")
        .isEmpty();

    assertThat(run.resolve("INTERRUPTED")).content().contains("interrupted during load");
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertThat(summary.path("status").asText()).isEqualTo("interrupted");
    assertThat(run.resolve("summary.json")).content().contains("\"status\" : \"interrupted\"");
    assertThat(summary.path("notes").toString()).contains("interrupted during the load phase");
    assertThat(run.resolve("history.jsonl")).content().contains("\"type\":\"invoke\"");
    assertThat(Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8))
        .contains("not run: the run was interrupted during load");

    Files.delete(run.resolve("report.html"));
    JarProcess report = start("report", "report", run.toString());
    int reportExit = report.awaitExit(Duration.ofSeconds(60));
    assertThat(reportExit)
        .as("report of an interrupted run: UNKNOWN is not VALID\n%s", report.output())
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(report.output()).contains(run.resolve("report.html").toString(), "verdict: UNKNOWN");
    assertThat(run.resolve("report.html")).isNotEmptyFile();
  }

  @Test
  void ctrlCRightAfterUpStartedTheSupervisorStopsItAndMarksTheRun() throws Exception {
    Path run = dir.resolve("up-early");
    RunProcesses processes = track(run);
    JarProcess ledgerlab = start("up", "up", manifest("up-early"), "--run-dir", run.toString());

    awaitFile(ledgerlab, run.resolve("supervisor.json"));
    processes.record();
    ledgerlab.interrupt();

    upStoppedEverything(ledgerlab, run, processes);
  }

  @Test
  void ctrlCWhileUpWaitsForTheFirstBlockStopsTheSupervisorAndItsNodes() throws Exception {
    Path run = dir.resolve("up-waiting");
    RunProcesses processes = track(run);
    JarProcess ledgerlab = start("up", "up", manifest("up-waiting"), "--run-dir", run.toString());

    ledgerlab.awaitOutput("4/4 nodes healthy, height 0", LOAD_WAIT);
    processes.record();
    assertThat(processes.recordNamed()).as("ledgerlab, the supervisor and 4 nodes").isEqualTo(6);
    ledgerlab.interrupt();

    upStoppedEverything(ledgerlab, run, processes);
  }

  private static void upStoppedEverything(JarProcess ledgerlab, Path run, RunProcesses processes)
      throws Exception {
    int exit = ledgerlab.awaitExit(STOP_WAIT);
    String out = ledgerlab.output();
    assertThat(exit).as(out).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(out)
        .contains("interrupted: stopping the supervisor and its 4 nodes")
        .contains("stopped; " + run + " keeps the logs and is marked interrupted (INTERRUPTED)")
        .doesNotContain("network up:", "failed", "exited with code");
    assertThat(run.resolve("INTERRUPTED")).content().contains("interrupted while starting");
    assertThat(processes.awaitGone(ORPHAN_EXIT_MAX.plusSeconds(4)))
        .as("the supervisor or a node alive after up was interrupted")
        .isEmpty();
  }

  private RunProcesses track(Path run) {
    RunProcesses processes = new RunProcesses(run);
    runs.add(processes);
    return processes;
  }

  private JarProcess start(String name, String... args) throws Exception {
    JarProcess p = JarProcess.start(dir, name + "-" + started.size(), args);
    started.add(p);
    return p;
  }

  private String manifest(String name) throws Exception {
    return TestManifests.neverCommits(dir, name);
  }

  /** Waits, boundedly, until {@code file} exists while {@code ledgerlab} runs. */
  private static void awaitFile(JarProcess ledgerlab, Path file) throws Exception {
    long deadline = System.nanoTime() + LOAD_WAIT.toNanos();
    while (!Files.exists(file)) {
      assertThat(ledgerlab.handle().isAlive())
          .as("ledgerlab is running, waiting for %s:%n%s", file, ledgerlab.output())
          .isTrue();
      assertThat(System.nanoTime())
          .as("%s within %s:%n%s", file, LOAD_WAIT, ledgerlab.output())
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
