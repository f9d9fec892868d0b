package io.ledgerlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.docker.DockerUp;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.live.Dashboard;
import io.ledgerlab.lab.live.StatusSource;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.SupervisorClient;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledgerlab dashboard [run-dir]}: the live dashboard of a network {@code up} started. */
@Command(
    name = "dashboard",
    description = {
      "Serve the live dashboard of a network started with 'ledgerlab up', on loopback, until"
          + " Ctrl-C: heights, block time, participation, peers, versions and faults in force,"
          + " updated every second.",
      "It reads the run as 'status' does (its supervisor, or the Docker daemon for a docker run)."
          + " 'ledgerlab up' and 'ledgerlab run' serve one themselves.",
      "Exit status: 0 served until Ctrl-C, 2 no such run, a stopped network or a scenario run"
          + " (only networks from 'ledgerlab up' are served), 3 the port cannot be bound."
    },
    mixinStandardHelpOptions = true)
final class DashboardCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "RUN-DIR",
      description = "The run. Default: the current run (runs/current).")
  Path runDir;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "The loopback port to serve on. Default: a free port.")
  int port;

  /** Stops the serving early; for tests, which cannot press Ctrl-C. */
  CountDownLatch stop = new CountDownLatch(1);

  /** The dashboard while it serves; for tests. */
  volatile Dashboard serving;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65_535) {
      err.println("ledgerlab dashboard: --port: expected 0 (a free port) to 65535, got " + port);
      return ExitCode.USAGE;
    }
    RunLayout run;
    try {
      run = new RunLayout(RunDirs.resolve(runDir));
    } catch (IllegalArgumentException e) {
      err.println("ledgerlab dashboard: " + e.getMessage());
      return ExitCode.USAGE;
    }
    boolean docker = DockerUp.isDockerRun(run);
    String refused = refusal(run, docker);
    if (refused != null) {
      err.println("ledgerlab dashboard: " + refused);
      return ExitCode.USAGE;
    }
    Network network;
    try {
      network = ManifestParser.read(run.manifest());
    } catch (IllegalArgumentException | ManifestException e) {
      err.println("ledgerlab dashboard: " + e.getMessage());
      return ExitCode.USAGE;
    }
    List<String> nodes = network.nodes().stream().map(Network.NodeSpec::name).toList();
    StatusSource source =
        new StatusSource(docker ? () -> dockerStatus(run) : supervisorStatus(run), nodes);
    String name = network.name();
    try (JsonLogWriter log =
            new JsonLogWriter(
                run.logs().resolve("dashboard.jsonl"),
                "lab",
                new SystemClock(),
                EventLog.Level.INFO);
        Dashboard d = Dashboard.start(name, source, port, log)) {
      serving = d;
      out.println("dashboard: " + d.uri() + "   (Ctrl-C stops it; the network stays up)");
      out.println("lab metrics: " + d.labMetrics());
      out.flush();
      Thread hook = new Thread(stop::countDown, "dashboard-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook ran and released the wait above.
        }
      }
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("ledgerlab dashboard: " + e.getMessage());
      return ExitCode.CRASH;
    }
  }

  /**
   * Why {@code run} has no live network for this command to serve, or null when its supervisor runs
   * (or, for a docker network, always: the daemon says what runs). The manifest is not read first:
   * a scenario run has one too, and is refused for what it is.
   */
  static String refusal(RunLayout run, boolean docker) throws IOException {
    if (Files.exists(run.root().resolve("scenario.yaml"))) {
      return run.root()
          + " is a scenario run of 'ledgerlab run': only networks from 'ledgerlab up' are"
          + " served; a run serves its own dashboard while it runs";
    }
    if (docker) {
      return null; // the Docker daemon holds it: whether it is up, the rows say
    }
    if (!Files.exists(run.supervisorState())) {
      return run.root()
          + " has no supervisor: only a network started with 'ledgerlab up' has a live"
          + " dashboard here ('ledgerlab run' serves its own)";
    }
    if (!RunDirs.isNetworkUp(run.root())) {
      String state =
          new SupervisorClient(run).state().map(s -> s.path("state").asText("")).orElse("");
      return "the network in "
          + run.root()
          + " is not up (its supervisor is "
          + (state.isEmpty() || state.equals("running") ? "gone" : state)
          + "): nothing to serve; 'ledgerlab up' brings a network up";
    }
    return null;
  }

  /**
   * The supervisor's status; a refused connection names the address, which the JDK's exception
   * leaves out.
   */
  private static StatusSource.Status supervisorStatus(RunLayout run) {
    SupervisorClient client = new SupervisorClient(run);
    return () -> {
      try {
        return client.status();
      } catch (java.net.ConnectException e) {
        String control =
            client.state().map(s -> s.path("control").asText("?")).orElse("its control address");
        throw new IOException(
            "the supervisor does not answer: connection refused to " + control, e);
      }
    };
  }

  /** A docker run's nodes in the supervisor's status shape: docker runs have no fault state. */
  private static JsonNode dockerStatus(RunLayout run) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode nodes = out.putArray("nodes");
    for (DockerUp.NodeState n : DockerUp.status(run)) {
      ObjectNode node = nodes.addObject().put("name", n.node()).put("state", n.state());
      if (n.rpc() != null) {
        node.put("rpc", n.rpc());
      }
    }
    out.putArray("faultsInForce");
    return out;
  }
}
