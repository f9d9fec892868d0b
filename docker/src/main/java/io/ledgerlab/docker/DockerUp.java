package io.ledgerlab.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.RunFiles;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ledgerlab up --engine docker}, {@code status} and {@code down} of such a run: the Docker
 * daemon keeps the containers, so no supervisor process is needed. {@code up} starts the network as
 * a run does, waits for the first block and detaches; Ctrl-C before that removes what it made.
 */
public final class DockerUp {
  private DockerUp() {}

  /** Whether {@code run} was brought up on docker: its network is recorded there. */
  public static boolean isDockerRun(RunLayout run) {
    return Files.isRegularFile(run.root().resolve("docker.json"));
  }

  /**
   * Brings {@code network} up in a new run directory and returns the time to the first block.
   *
   * @throws IOException naming what failed, after removing everything it made
   */
  public static Duration up(
      RunLayout run,
      Network network,
      String manifestText,
      Duration timeout,
      Consumer<String> progress)
      throws IOException, InterruptedException {
    if (!network.target().equals(Targets.DEFAULT)) {
      throw new IOException(
          "ledgerlab up runs the reference chain; run the '"
              + network.target()
              + "' target with ledgerlab run --engine docker");
    }
    RunFiles.create(run, network, manifestText);
    ReferenceChain chain = new ReferenceTarget().load(run);
    long started = System.nanoTime();
    JsonLogWriter labLog =
        new JsonLogWriter(run.labLog(), "lab", new SystemClock(), EventLog.Level.INFO);
    DockerEngine engine = null;
    // Ctrl-C before the network is up: the engine's own hook removes what it made; say so.
    Thread onCtrlC =
        new Thread(
            () ->
                progress.accept(
                    "interrupted: removing this run's containers and network (the run directory"
                        + " stays)"),
            "up-interrupted");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      engine =
          DockerEngine.startDetachable(new Deployment(network, chain, run, 0, labLog), progress);
      progress.accept(
          network.nodes().size()
              + " containers on "
              + engine.networkName()
              + "; waiting for the first block");
      awaitFirstBlock(engine, network, timeout);
      Duration firstBlock = Duration.ofNanos(System.nanoTime() - started);
      engine.detach();
      engine = null;
      return firstBlock;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException e) {
        // Shutting down: the hook has spoken.
      }
      if (engine != null) {
        engine.close();
      }
      labLog.close();
    }
  }

  private static void awaitFirstBlock(DockerEngine engine, Network network, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, NodeClient> clients = new LinkedHashMap<>();
    for (Network.NodeSpec n : network.nodes()) {
      clients.put(
          n.name(), NodeClient.of(n.name(), NodeConfigs.hostPort(engine.rpcAddress(n.name()))));
    }
    List<String> waiting = new ArrayList<>(clients.keySet());
    while (!waiting.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "no first block on " + waiting + " within " + timeout.toSeconds() + " s");
      }
      waiting.removeIf(
          n -> {
            try {
              return clients.get(n).head().height() >= 1;
            } catch (RpcException e) {
              return false;
            }
          });
      Thread.sleep(100);
    }
  }

  /** One node of a docker run as {@code status} shows it. */
  public record NodeState(String node, String state, Integer exitCode, String rpc, String height) {}

  /** Every node's container state and height, from the daemon and the nodes themselves. */
  public static List<NodeState> status(RunLayout run) throws IOException {
    DockerClient docker = Daemon.connect();
    try {
      List<NodeState> out = new ArrayList<>();
      List<Container> containers =
          docker
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(Map.of(Daemon.RUN, run.root().toString()))
              .exec();
      containers.sort(
          (a, b) -> a.getLabels().get(Daemon.NODE).compareTo(b.getLabels().get(Daemon.NODE)));
      for (Container c : containers) {
        String node = c.getLabels().get(Daemon.NODE);
        var state = docker.inspectContainerCmd(c.getId()).exec().getState();
        String rpc = rpcOf(run, node);
        String height = "-";
        if (Boolean.TRUE.equals(state.getRunning()) && rpc != null) {
          try {
            height = Long.toString(NodeClient.of(node, rpc).head().height());
          } catch (RpcException e) {
            height = "?";
          }
        }
        out.add(
            new NodeState(
                node,
                state.getStatus(),
                Boolean.TRUE.equals(state.getRunning())
                    ? null
                    : state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue(),
                rpc,
                height));
      }
      return out;
    } finally {
      Daemon.close(docker);
    }
  }

  /** The node's RPC address, from its config in the run directory. */
  private static String rpcOf(RunLayout run, String node) {
    try {
      return NodeConfigs.hostPort(NodeConfigs.read(run.nodeConfig(node)).rpc());
    } catch (io.ledgerlab.node.config.ConfigException e) {
      return null;
    }
  }

  /**
   * Stops the run's containers gracefully (SIGTERM, SIGKILL after 5 s, all at once), then removes
   * them and the network; returns what was removed.
   */
  public static List<String> down(RunLayout run) throws IOException {
    DockerClient docker = Daemon.connect();
    try {
      Map<String, String> label = Map.of(Daemon.RUN, run.root().toString());
      docker.listContainersCmd().withLabelFilter(label).exec().parallelStream()
          .forEach(
              c -> {
                try {
                  docker.stopContainerCmd(c.getId()).withTimeout(5).exec();
                } catch (RuntimeException e) {
                  // Stopped or gone already: removal takes what is left.
                }
              });
      return Daemon.removeLabelled(docker, label);
    } finally {
      Daemon.close(docker);
    }
  }
}
