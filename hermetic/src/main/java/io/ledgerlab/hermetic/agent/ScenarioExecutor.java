package io.ledgerlab.hermetic.agent;

import io.ledgerlab.hermetic.feed.Instruction;
import io.ledgerlab.hermetic.tuf.StrictJson;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario as {@code ledgerlab run} in a child process: its nodes, proxies and ports belong
 * to that process, not to the agent, and a run that crashes cannot take the agent with it. Its
 * summary, report and JUnit file are uploaded.
 */
public final class ScenarioExecutor implements Executor {
  /** What is uploaded of a run. */
  static final List<String> UPLOADED = List.of("summary.json", "report.html", "junit.xml");

  private final List<String> ledgerlab;
  private final Path runs;
  private final Duration timeout;

  /**
   * @param ledgerlab the command that runs the CLI, e.g. {@code java -cp …
   *     io.ledgerlab.cli.Ledgerlab}
   * @param runs where each instruction's run directory goes
   * @param timeout a run longer than this is stopped and fails
   */
  public ScenarioExecutor(List<String> ledgerlab, Path runs, Duration timeout) {
    this.ledgerlab = List.copyOf(ledgerlab);
    this.runs = runs;
    this.timeout = timeout;
  }

  private Process current;
  private boolean stopping;

  /**
   * Stops a run in progress, as the agent stops: SIGTERM (ledgerlab run stops its nodes and writes
   * what ran), then, after {@link #STOP_SECONDS}, SIGKILL to it and everything it started. Later
   * runs are not started.
   */
  public void stop() throws InterruptedException {
    Process p;
    synchronized (this) {
      stopping = true;
      p = current;
    }
    if (p != null) {
      end(p);
    }
  }

  static final long STOP_SECONDS = 45;

  private static void end(Process p) throws InterruptedException {
    if (!p.isAlive()) {
      return;
    }
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroy();
    if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    // Whatever it started and left (a node it could not stop) goes too.
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public Result execute(Instruction instruction, Map<String, Path> files, Path out)
      throws IOException, InterruptedException {
    Instruction.Run run = (Instruction.Run) instruction;
    Path dir = runs.resolve(run.id());
    Files.createDirectories(runs);
    Path scenario = runs.resolve(run.id() + ".yaml");
    Files.copy(files.get(run.scenario()), scenario, StandardCopyOption.REPLACE_EXISTING);
    List<String> command = new ArrayList<>(ledgerlab);
    command.addAll(List.of("run", scenario.toString(), "--run-dir", dir.toString()));
    run.engine().ifPresent(e -> command.addAll(List.of("--engine", e)));
    run.duration().ifPresent(d -> command.addAll(List.of("--duration", d)));
    Path console = runs.resolve(run.id() + ".out");
    Process p;
    synchronized (this) {
      if (stopping) {
        return new Result(false, "not started: the agent is stopping");
      }
      p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(console.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      current = p;
    }
    boolean ended;
    try {
      ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      end(p);
      synchronized (this) {
        current = null;
      }
    }
    Files.copy(console, out.resolve("console.txt"), StandardCopyOption.REPLACE_EXISTING);
    for (String name : UPLOADED) {
      if (Files.isRegularFile(dir.resolve(name))) {
        Files.copy(dir.resolve(name), out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    synchronized (this) {
      if (stopping) {
        return new Result(false, "stopped with the agent (SIGTERM) before it finished");
      }
    }
    if (!ended) {
      return new Result(false, "stopped after " + timeout.toMinutes() + " min without finishing");
    }
    String verdict = "no summary";
    if (Files.isRegularFile(dir.resolve("summary.json"))) {
      verdict =
          StrictJson.MAPPER.readTree(dir.resolve("summary.json").toFile()).path("verdict").asText();
    }
    int code = p.exitValue();
    return new Result(
        code == 0,
        "ledgerlab run exited " + code + ", verdict " + verdict + " (" + run.scenario() + ")");
  }
}
