package io.ledgerlab.lab.devchain;

import java.nio.file.Path;

/**
 * How to run the dev chain.
 *
 * @param blocks blocks to produce with load
 * @param transfersPerBlock operations submitted before each block
 * @param accounts generated, funded accounts
 * @param failingShare share of operations built to fail, in [0, 1)
 * @param blockIntervalMillis time between blocks
 * @param seed decides keys and the workload
 * @param dataDir where RocksDB lives; null for a temporary directory removed afterwards
 */
public record DevChainOptions(
    int blocks,
    int transfersPerBlock,
    int accounts,
    double failingShare,
    long blockIntervalMillis,
    long seed,
    Path dataDir) {
  public static final long BALANCE_EACH = 1_000_000_000L;

  public DevChainOptions {
    if (blocks < 1 || blocks > 1_000_000) {
      throw new IllegalArgumentException("--blocks must be in [1, 1000000], got " + blocks);
    }
    if (transfersPerBlock < 0 || transfersPerBlock > 5_000) {
      throw new IllegalArgumentException(
          "--transfers must be in [0, 5000] per block, got " + transfersPerBlock);
    }
    if (accounts < 2 || accounts > 1_000_000) {
      throw new IllegalArgumentException("--accounts must be in [2, 1000000], got " + accounts);
    }
    if (failingShare < 0 || failingShare >= 1) {
      throw new IllegalArgumentException("--failing must be in [0, 1), got " + failingShare);
    }
    if (blockIntervalMillis < 1 || blockIntervalMillis > 60_000) {
      throw new IllegalArgumentException(
          "--block-interval must be in [1, 60000] ms, got " + blockIntervalMillis);
    }
  }
}
