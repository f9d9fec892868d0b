package io.ledgerlab.cli;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.process.SupervisorClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerlab down}: stop every process of a run, gracefully and then by force. */
@Command(
    name = "down",
    description = {
      "Stop the current run: the supervisor stops every node (SIGTERM, then SIGKILL) and its"
          + " proxies, then exits.",
      "When the supervisor does not answer, every process the run recorded is stopped by PID."
          + " The run directory keeps the data and logs.",
      "Exit status: 0 stopped (or already down), 2 no such run, or a directory that is not a"
          + " network from 'ledgerlab up' (a scenario run of 'ledgerlab run' stops by itself)."
    },
    mixinStandardHelpOptions = true)
final class DownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run-dir", description = "The run. Default: the current run (runs/current).")
  Path runDir;

  @Option(
      names = "--all",
      description =
          "Remove every container, network and volume labelled by Ledgerlab on the local Docker"
              + " daemon, whatever run made it.")
  boolean all;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (all) {
      return downAll(out);
    }
    RunLayout run;
    try {
      run = new RunLayout(RunDirs.resolve(runDir));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("ledgerlab down: " + e.getMessage());
      return ExitCode.USAGE;
    }
    if (!io.ledgerlab.docker.DockerUp.isDockerRun(run)
        && !java.nio.file.Files.exists(run.supervisorState())) {
      spec.commandLine()
          .getErr()
          .println(
              "ledgerlab down: nothing to stop: "
                  + run.root()
                  + " is not a network from 'ledgerlab up' (it has no "
                  + run.root().relativize(run.supervisorState())
                  + ")");
      return ExitCode.USAGE;
    }
    long started = System.nanoTime();
    if (io.ledgerlab.docker.DockerUp.isDockerRun(run)) {
      List<String> removed = io.ledgerlab.docker.DockerUp.down(run);
      removed.forEach(r -> out.println("removed " + r));
      out.printf(
          "run %s is down (%.1f s); its data and logs stay in the run directory%n",
          run.root(), (System.nanoTime() - started) / 1e9);
      return ExitCode.OK;
    }
    List<Long> byPid = new SupervisorClient(run).down(Duration.ofSeconds(5));
    if (!byPid.isEmpty()) {
      out.println("stopped by PID (the supervisor did not stop them): " + byPid);
    }
    out.printf(
        "run %s is down (%.1f s); its data and logs stay in the run directory%n",
        run.root(), (System.nanoTime() - started) / 1e9);
    return ExitCode.OK;
  }

  private Integer downAll(PrintWriter out) throws IOException {
    com.github.dockerjava.api.DockerClient docker = io.ledgerlab.docker.Daemon.connect();
    try {
      List<String> removed =
          io.ledgerlab.docker.Daemon.removeLabelled(
              docker, List.of(io.ledgerlab.docker.Daemon.LABEL));
      removed.stream()
          .filter(r -> !r.startsWith("image"))
          .forEach(r -> out.println("removed " + r));
      out.println(removed.size() + " labelled container(s), network(s) and volume(s) removed");
      return ExitCode.OK;
    } finally {
      io.ledgerlab.docker.Daemon.close(docker);
    }
  }
}
