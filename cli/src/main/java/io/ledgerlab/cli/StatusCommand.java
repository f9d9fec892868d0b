package io.ledgerlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.process.SupervisorClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerlab status}: every node's height, round, peers, version and mempool. */
@Command(
    name = "status",
    description =
        "Show every node of the current run: process, height, round, peers, version, mempool.",
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run-dir", description = "The run. Default: the current run (runs/current).")
  Path runDir;

  @Option(names = "--json", description = "Print the supervisor's status as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RunLayout run = new RunLayout(RunDirs.resolve(runDir));
    if (io.ledgerlab.docker.DockerUp.isDockerRun(run) && !json) {
      out.printf("run %s: on docker%n", run.root());
      return printDocker(out, run) ? ExitCode.OK : ExitCode.CRASH;
    }
    JsonNode status;
    try {
      status = new SupervisorClient(run).status();
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "ledgerlab status: the run's supervisor does not answer"
                  + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                  + "; is the run down?");
      return ExitCode.CRASH;
    }
    if (json) {
      out.println(status.toPrettyString());
      return ExitCode.OK;
    }
    out.printf("run %s: %s%n", run.root(), status.path("state").asText());
    if (status.hasNonNull("dashboard")) {
      out.println("dashboard: " + status.path("dashboard").asText());
    }
    out.printf(
        "  %-6s %-8s %-8s %7s %5s %-16s %-8s %8s  %-18s %s%n",
        "node", "pid", "process", "height", "round", "peers", "health", "mempool", "version",
        "rpc");
    for (JsonNode n : status.path("nodes")) {
      JsonNode s = n.path("status");
      boolean live = !s.isMissingNode();
      out.printf(
          "  %-6s %-8s %-8s %7s %5s %-16s %-8s %8s  %-18s %s%n",
          n.path("name").asText(),
          n.path("pid").asText("-"),
          n.path("state").asText()
              + (n.has("exitCode") ? "(" + n.path("exitCode").asInt() + ")" : ""),
          live ? s.path("height").asText() : "-",
          live ? s.path("round").asText() : "-",
          live ? peers(s.path("peers")) : "-",
          live
              ? (s.path("healthy").asBoolean()
                  ? (s.path("syncing").asBoolean() ? "syncing" : "ok")
                  : "unhealthy")
              : "-",
          live ? s.path("mempool").path("transactions").asText() : "-",
          live ? s.path("version").asText() : "-",
          n.path("rpc").asText());
    }
    List<String> inForce = new ArrayList<>();
    status.path("faultsInForce").forEach(f -> inForce.add(f.asText()));
    out.println("faults in force: " + (inForce.isEmpty() ? "none" : String.join("; ", inForce)));
    String links = status.path("faults").asText("");
    if (!links.isBlank() && !links.equals("no faults")) {
      out.println("links:");
      links.lines().forEach(l -> out.println("  " + l));
    }
    return ExitCode.OK;
  }

  private static String peers(JsonNode peers) {
    StringBuilder sb = new StringBuilder().append(peers.size()).append(' ');
    for (JsonNode p : peers) {
      sb.append(sb.length() > 2 ? "," : "").append(p.asText());
    }
    return sb.toString().trim();
  }

  /** A docker run's nodes: container state, height, RPC; false when the daemon does not answer. */
  static boolean printDocker(PrintWriter out, RunLayout run) {
    List<io.ledgerlab.docker.DockerUp.NodeState> nodes;
    try {
      nodes = io.ledgerlab.docker.DockerUp.status(run);
    } catch (IOException e) {
      out.println("ledgerlab status: " + e.getMessage());
      return false;
    }
    out.printf("  %-6s %-12s %7s  %s%n", "node", "container", "height", "rpc");
    for (io.ledgerlab.docker.DockerUp.NodeState n : nodes) {
      out.printf(
          "  %-6s %-12s %7s  http://%s%n",
          n.node(),
          n.state() + (n.exitCode() == null ? "" : "(" + n.exitCode() + ")"),
          n.height(),
          n.rpc());
    }
    if (nodes.isEmpty()) {
      out.println("  no container of this run is left (it is down)");
    }
    return true;
  }
}
