package io.ledgerlab.lab.target;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.runtime.entropy.Entropy;
import java.io.IOException;
import java.util.Set;

/**
 * What chain the nodes run and how the lab talks to it. A target deploys a chain for a network (its
 * genesis, keys and funded accounts), makes the clients engines hand out, signs operations, and
 * says which operations and checks it supports. The reference chain is the first target; its own
 * types (blocks, certificates, payloads) never leave its package.
 */
public interface Target {
  /** The name manifests use, such as {@code reference}. */
  String name();

  /** The operation kinds its wallet can turn into transactions or reads. */
  Set<Class<? extends Op>> operations();

  /** The checks it can give evidence for, by name. */
  Set<String> checks();

  /**
   * Writes the chain's genesis and keys for {@code network} into the run directory.
   *
   * @param keys where the validator, node and account keys come from (seeded in the simulator)
   * @param genesisTimeMicros the genesis block's time, microseconds since the epoch
   */
  Chain deploy(Network network, RunLayout run, Entropy keys, long genesisTimeMicros)
      throws IOException;
}
