package io.ledgerlab.cli;

import io.ledgerlab.node.NodeMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledgerlab node --config node.yaml}: one node of the reference chain, as a process. */
@Command(
    name = "node",
    description = {
      "Run one node of the reference chain: TCP peer-to-peer with an authenticated handshake,"
          + " RocksDB, JSON-RPC 2.0 and Prometheus metrics over HTTP, JSON logs.",
      "Stops gracefully on SIGTERM or Ctrl-C. Exit codes: 2 bad config, 3 port in use,"
          + " 70 the node failed, 71 its supervisor is gone."
    },
    mixinStandardHelpOptions = true)
final class NodeCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The node's YAML configuration.")
  Path config;

  @Override
  public Integer call() {
    return NodeMain.run(config, System.err);
  }
}
