package io.ledgerlab.lab.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A chain a {@link Target} deployed for one network: its genesis, validator and account keys, and
 * what the lab needs to launch, drive and judge it.
 */
public interface Chain {
  Target target();

  /** How many funded accounts workloads may use, by index. */
  int accounts();

  /** A wallet over the run's accounts, sending through {@code cluster}. */
  Wallet wallet(Cluster cluster);

  /** Each validator node's identity as evidence names it in {@link BlockView#accused()}. */
  Map<String, String> validatorIds();

  /**
   * Writes what one node process needs (its config, its keys) and returns the values of the
   * target's placeholders for its launch command. Called before every node starts, once.
   *
   * @throws UnsupportedOperationException when the target's nodes cannot run as processes
   */
  NodeSetup prepare(NodeSlot slot) throws IOException;

  /**
   * Prepares the running chain for the load, once its nodes commit blocks and before the first
   * transaction of the run: deploys what the workload needs (a token contract, say). Does nothing
   * by default.
   *
   * @throws ClientException when the chain cannot be prepared: the run fails, naming why
   */
  default void ready(Cluster cluster) throws ClientException {}

  /** The chain's on-chain governance, when it has operators the lab holds keys for. */
  default java.util.Optional<Governance> governance() {
    return java.util.Optional.empty();
  }

  /**
   * Replays the chain {@code client}'s node committed, from genesis, under the chain's own code and
   * under {@code replacements} (chain-code jars, each standing in for the chain code of its name),
   * reading the blocks through the client — so it works on every engine. Only a target whose {@link
   * Target#checks()} name {@code replay} can.
   *
   * @throws ClientException when the node's blocks cannot be read, or the code cannot be loaded
   * @throws UnsupportedOperationException when the target cannot replay
   */
  default ReplayResult replay(ChainClient client, List<Path> replacements) throws ClientException {
    throw new UnsupportedOperationException(
        "the " + target().name() + " target cannot replay its chain");
  }

  /** The client of a node process that serves its API at {@code rpc}. */
  ChainClient client(String node, InetSocketAddress rpc);
}
