package io.ledgerlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.docker.DockerUp;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.lab.manifest.YamlSource;
import io.ledgerlab.lab.process.NetworkUp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledgerlab up manifest.yaml}: a network of node processes on this machine. */
@Command(
    name = "up",
    description = {
      "Bring up the network a manifest describes: one OS process per node on loopback, a fault"
          + " proxy on every link, and a supervisor that owns them.",
      "Waits until every node is healthy and the first block is committed, then prints the"
          + " endpoints. The run becomes the current one for status, logs, fault and down."
    },
    mixinStandardHelpOptions = true)
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MANIFEST", description = "The network manifest (YAML).")
  Path manifest;

  @Option(
      names = "--run-dir",
      description = "Where the run keeps its files. Default: runs/<name>-<UTC time>.")
  Path runDir;

  @Option(
      names = "--engine",
      defaultValue = "process",
      description =
          "process (node processes and a supervisor) or docker (containers the Docker daemon"
              + " keeps; down removes them). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Option(
      names = "--timeout",
      defaultValue = "60s",
      description = "How long to wait for the first block. Default: ${DEFAULT-VALUE}.")
  String timeout;

  @Option(
      names = "--dashboard",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Have the supervisor serve the live dashboard on loopback for as long as the network is"
              + " up (--no-dashboard: don't). Default: on; a docker network has no supervisor:"
              + " 'ledgerlab dashboard' serves one.")
  boolean dashboard;

  @Option(
      names = "--dashboard-port",
      description =
          "The dashboard's loopback port. Default: a free port. Refused with --no-dashboard and"
              + " on docker, where no dashboard is served.")
  Integer dashboardPort;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Network network;
    String text;
    try {
      text = YamlSource.read(manifest, YamlSource.Kind.MANIFEST);
      network = ManifestParser.parse(manifest.toString(), text);
      for (int i = 0; i < network.nodes().size(); i++) {
        if (network.nodes().get(i).twin()) {
          throw new ManifestException(
              ManifestParser.locations(manifest.toString(), text)
                  .error(
                      "/nodes/" + i + "/twin",
                      "the process engine cannot run twins; run them in a scenario on the sim"
                          + " engine"));
        }
      }
      for (io.ledgerlab.lab.manifest.Network.Version v : network.versions().values()) {
        if ("docker".equals(engine) && v.classpath().isPresent()) {
          throw new ManifestException(
              ManifestParser.locations(manifest.toString(), text)
                  .error(
                      "/versions/" + v.name() + "/classpath",
                      "a node classpath applies to the process engine; the docker engine runs"
                          + " the node in its image, which no version changes yet"));
        }
      }
      if ("docker".equals(engine) && network.links().direct()) {
        throw new ManifestException(
            ManifestParser.locations(manifest.toString(), text)
                .error(
                    "/links/via",
                    "direct links apply to the process engine, which otherwise puts a lab proxy on"
                        + " every link; the docker engine has none to leave out, so remove 'via'"));
      }
      if (!"docker".equals(engine) && network.launch().image().isPresent()) {
        throw new ManifestException(
            ManifestParser.locations(manifest.toString(), text)
                .error(
                    "/launch/image",
                    "a container image applies to the docker engine; add --engine docker"));
      }
      if (network.monitoring().enabled()) {
        // The supervisor owns the nodes of 'up' and outlives this command; a Prometheus it does
        // not own would outlive 'down' or die with this command. A run owns its Prometheus.
        throw new ManifestException(
            ManifestParser.locations(manifest.toString(), text)
                .error(
                    "/monitoring",
                    "no monitoring under 'ledgerlab up': the lab runs Prometheus for the length"
                        + " of a run ('ledgerlab run' of a scenario with this network); for a"
                        + " network brought up, point your own Prometheus at each node's /metrics"
                        + " (docs/monitoring.md)"));
      }
    } catch (ManifestException e) {
      err.println("ledgerlab up: " + e.getMessage());
      return ExitCode.USAGE;
    }
    long timeoutMicros =
        Units.durationMicros(timeout)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--timeout: expected a duration such as 60s, got '" + timeout + "'"));
    if (!engine.equals("process") && !engine.equals("docker")) {
      err.println("ledgerlab up: --engine: expected process or docker, got '" + engine + "'");
      return ExitCode.USAGE;
    }
    if (dashboardPort != null && (dashboardPort < 0 || dashboardPort > 65_535)) {
      err.println(
          "ledgerlab up: --dashboard-port: expected 0 (a free port) to 65535, got "
              + dashboardPort);
      return ExitCode.USAGE;
    }
    if (dashboardPort != null && (!dashboard || engine.equals("docker"))) {
      err.println(
          "ledgerlab up: --dashboard-port: no dashboard is served "
              + (dashboard
                  ? "on docker (no supervisor holds the network; 'ledgerlab dashboard --port N'"
                      + " serves one)"
                  : "with --no-dashboard"));
      return ExitCode.USAGE;
    }
    RunLayout run = new RunLayout(runDir != null ? runDir : RunDirs.fresh(network.name()));
    List<String> observers = network.observers().stream().map(Network.NodeSpec::name).toList();
    out.printf(
        "ledgerlab up: %s, %s%s, run directory %s%n",
        network.name(),
        RunCommand.plural(network.validators().size(), "validator"),
        observers.isEmpty()
            ? ""
            : " and " + observers.size() + " observing (" + String.join(", ", observers) + ")",
        Path.of("").toAbsolutePath().relativize(run.root()));
    out.flush();
    if (engine.equals("docker")) {
      return upOnDocker(out, err, run, network, text, timeoutMicros);
    }
    NetworkUp.Result result;
    try {
      result =
          NetworkUp.up(
              run,
              network,
              text,
              java.time.Duration.ofNanos(timeoutMicros * 1_000),
              indented(out),
              dashboard ? (dashboardPort == null ? 0 : dashboardPort) : -1);
    } catch (NetworkUp.Interrupted e) {
      // Ctrl-C: the shutdown hook said what it stopped; the JVM exits with 130.
      return ExitCode.INTERRUPTED;
    } catch (NetworkUp.UpException e) {
      err.println("ledgerlab up: " + e.getMessage());
      err.println(
          "ledgerlab up: nothing is left running; the run directory "
              + run.root()
              + " keeps the logs");
      return ExitCode.CRASH;
    }
    RunDirs.setCurrent(run.root());
    out.printf(
        "network up: first block committed %.2f s after start (supervisor pid %d)%n",
        result.firstBlock().toNanos() / 1e9, result.supervisorPid());
    printEndpoints(out, result.status());
    out.println();
    printDashboard(out, result.status());
    out.println("  status:  ledgerlab status");
    out.println("  logs:    ledgerlab logs --follow");
    out.println(
        network.links().direct()
            // Direct links take no link fault: the example must be one the network can take.
            ? "  faults:  ledgerlab fault kill n0   then   ledgerlab fault heal   (links are direct)"
            : "  faults:  ledgerlab fault partition n0,n1 n2,n3   then   ledgerlab fault heal");
    out.println("  stop:    ledgerlab down");
    return ExitCode.OK;
  }

  private static Integer upOnDocker(
      PrintWriter out,
      PrintWriter err,
      RunLayout run,
      Network network,
      String text,
      long timeoutMicros)
      throws IOException {
    java.time.Duration firstBlock;
    try {
      firstBlock =
          DockerUp.up(
              run, network, text, java.time.Duration.ofNanos(timeoutMicros * 1_000), indented(out));
    } catch (java.io.IOException e) {
      err.println("ledgerlab up: " + e.getMessage());
      err.println(
          "ledgerlab up: no container of this run is left; the run directory "
              + run.root()
              + " keeps the logs");
      return ExitCode.CRASH;
    } catch (InterruptedException e) {
      return ExitCode.INTERRUPTED;
    }
    RunDirs.setCurrent(run.root());
    out.printf(
        "network up on docker: first block committed %.2f s after start%n",
        firstBlock.toNanos() / 1e9);
    StatusCommand.printDocker(out, run);
    out.println();
    out.println("  dashboard: ledgerlab dashboard");
    out.println("  status:  ledgerlab status");
    out.println("  logs:    ledgerlab logs --follow");
    out.println(
        "  stop:    ledgerlab down      (faults on containers: ledgerlab run --engine docker)");
    return ExitCode.OK;
  }

  /** Progress lines, indented under the command's own, each shown at once. */
  private static java.util.function.Consumer<String> indented(PrintWriter out) {
    return line -> {
      out.println("  " + line);
      out.flush();
    };
  }

  /** The dashboard's address, or why the supervisor serves none. */
  static void printDashboard(PrintWriter out, JsonNode status) {
    if (status.hasNonNull("dashboard")) {
      out.println("  dashboard: " + status.path("dashboard").asText());
    } else if (status.hasNonNull("dashboardError")) {
      out.println("  dashboard: not served: " + status.path("dashboardError").asText());
    }
  }

  static void printEndpoints(PrintWriter out, JsonNode status) {
    out.printf(
        "  %-6s %-8s %-24s %-10s %s%n", "node", "pid", "rpc + metrics", "behaviour", "state");
    for (JsonNode n : status.path("nodes")) {
      out.printf(
          "  %-6s %-8s %-24s %-10s %s%n",
          n.path("name").asText(),
          n.path("pid").asText("-"),
          "http://" + n.path("rpc").asText(),
          n.path("behaviour").asText(),
          n.path("state").asText());
    }
  }
}
