package io.ledgerlab.lab.target;

import java.util.Map;

/**
 * A chain a {@link Target} deployed for one network: its genesis, validator and account keys, and
 * what the lab needs to drive and judge it.
 */
public interface Chain {
  Target target();

  /** How many funded accounts workloads may use, by index. */
  int accounts();

  /** A wallet over the run's accounts, sending through {@code cluster}. */
  Wallet wallet(Cluster cluster);

  /** Each validator node's identity as evidence names it in {@link BlockView#accused()}. */
  Map<String, String> validatorIds();
}
