package io.ledgerlab.lab.target;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.NetworkFile;
import io.ledgerlab.runtime.entropy.Entropy;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What chain the nodes run and how the lab talks to it: the SPI a chain plugs in through. A target
 * checks what a manifest asks of it, deploys a chain for a network (its genesis, keys and funded
 * accounts), tells engines that start processes how to launch a node, makes the clients engines
 * hand out, signs operations, and says which operations, checks and faults it supports. Register an
 * implementation in {@code META-INF/services/io.ledgerlab.lab.target.Target} and name it in a
 * manifest's {@code target:}. docs/targets.md walks through one.
 */
public interface Target {
  /** The name manifests use, such as {@code reference}. */
  String name();

  /** The operation kinds its wallet can turn into transactions or reads. */
  Set<Class<? extends Op>> operations();

  /**
   * The checks it can give evidence for, by name (docs/checks.md); the others are not run, and the
   * run's notes say so.
   */
  Set<String> checks();

  /**
   * The fault kinds its nodes can take; an engine puts into effect those it also supports. A chain
   * whose nodes take no clock from the lab cannot be skewed, one whose peers do not dial through
   * the lab's proxies cannot be partitioned.
   */
  default Set<FaultKind> faults() {
    return EnumSet.allOf(FaultKind.class);
  }

  /**
   * How its nodes find their peers, which decides how an engine can break the links between them.
   */
  default Peering peering() {
    return Peering.GIVEN;
  }

  /** How a chain's nodes find their peers. */
  enum Peering {
    /**
     * They dial the addresses the lab gives them ({@link NodeSlot#peers()}): the process engine
     * puts a fault proxy of its own on every link.
     */
    GIVEN,
    /**
     * They learn each other's addresses from the peers themselves (discovery, records peers
     * advertise), so no proxy can sit on a link: the process engine gives each node a network
     * namespace and an address of its own, and a link fault is a kernel drop there.
     */
    DISCOVERED
  }

  /**
   * The keys it takes under a manifest's {@code targetOptions}; {@link #problems} checks values.
   */
  default Set<String> options() {
    return Set.of();
  }

  /** The chain id a network gets when its manifest names none. */
  default String defaultChainId(String networkName) {
    return networkName;
  }

  /** The command that starts one node when the manifest's {@code launch.command} gives none. */
  default Optional<String> defaultCommand() {
    return Optional.empty();
  }

  /**
   * The placeholders its {@link Chain#prepare} fills in, beyond the engine's own ({@code {name}},
   * {@code {rpcPort}}...): a command naming one that nobody fills in is rejected before it runs.
   */
  default Set<String> placeholders() {
    return Set.of();
  }

  /**
   * What in a manifest this target cannot honour, each with the key's JSON pointer (such as {@code
   * /nodes/0/behaviour}) and what it expects there. Empty when it can run the network as written.
   */
  default List<Problem> problems(NetworkFile manifest) {
    return List.of();
  }

  /** A key of a manifest the target cannot honour, and what it would accept there. */
  record Problem(String pointer, String expected) {}

  /**
   * Writes the chain's genesis and keys for {@code network} into the run directory.
   *
   * @param keys where the validator, node and account keys come from (seeded in the simulator)
   * @param genesisTimeMicros the genesis block's time, microseconds since the epoch
   */
  Chain deploy(Network network, RunLayout run, Entropy keys, long genesisTimeMicros)
      throws IOException;
}
