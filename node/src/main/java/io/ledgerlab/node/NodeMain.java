package io.ledgerlab.node;

import io.ledgerlab.node.config.ConfigException;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.node.p2p.P2pException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node process: {@code NodeMain --config node.yaml}. It runs until SIGTERM or SIGINT (a
 * graceful stop), until its supervisor is gone, or until the node's event loop fails.
 *
 * <p>Exit codes: 0 stopped on request, 2 bad configuration, 3 could not bind a port, 70 the node
 * failed while running, 71 its supervisor disappeared.
 */
public final class NodeMain {
  public static final int EXIT_CONFIG = 2;
  public static final int EXIT_BIND = 3;
  public static final int EXIT_FAILED = 70;
  public static final int EXIT_ORPHANED = 71;

  private static final long SUPERVISOR_POLL_MILLIS = 500;

  private NodeMain() {}

  public static void main(String[] args) {
    if (args.length != 2 || !"--config".equals(args[0])) {
      System.err.println("usage: NodeMain --config <node.yaml>");
      System.exit(EXIT_CONFIG);
    }
    System.exit(run(Path.of(args[1]), System.err));
  }

  /** Runs the node configured in {@code configFile} until it is told to stop; the exit code. */
  public static int run(Path configFile, PrintStream err) {
    NodeConfig config;
    NodeHost host;
    try {
      config = NodeConfigs.read(configFile);
      host = NodeHost.start(config);
    } catch (ConfigException e) {
      err.println("ledgerlab node: " + e.getMessage());
      return EXIT_CONFIG;
    } catch (P2pException e) {
      err.println("ledgerlab node: " + e.getMessage());
      return EXIT_BIND;
    }
    Thread stopper = new Thread(host::close, "node-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    Optional<ProcessHandle> supervisor =
        config.supervisorPid().flatMap(pid -> ProcessHandle.of(pid));
    if (config.supervisorPid().isPresent() && supervisor.isEmpty()) {
      err.println("ledgerlab node: supervisor " + config.supervisorPid().get() + " is not running");
      return EXIT_ORPHANED;
    }
    try {
      while (host.failure() == null) {
        if (supervisor.isPresent() && !supervisor.get().isAlive()) {
          err.println("ledgerlab node: supervisor is gone; stopping");
          return EXIT_ORPHANED;
        }
        Thread.sleep(SUPERVISOR_POLL_MILLIS);
      }
      err.println("ledgerlab node: the node failed: " + host.failure());
      host.failure().printStackTrace(err);
      return EXIT_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
