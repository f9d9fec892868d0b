package io.ledgerlab.bench;

import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.RocksDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The fixture the benchmarks share: deterministic account keys, a genesis that funds them, and a
 * ledger opened on a memory or RocksDB disk. Every run builds the same chain, so runs compare.
 */
final class BenchChain {
  static final String CHAIN_ID = "ledgerlab-bench";

  /** Enough for every pre-signed transfer of 1 token, and small enough that 100,000 fit a long. */
  static final long BALANCE = 1_000_000_000_000L;

  private BenchChain() {}

  /** The key of account {@code index}; the seed is derived from the index alone. */
  static KeyPair key(int index) {
    byte[] seed =
        Sha256.hash(("ledgerlab-bench/account/" + index).getBytes(StandardCharsets.UTF_8)).bytes();
    return KeyPair.fromSeed(seed);
  }

  /** Keys 0 to {@code count - 1}, derived on every core: 100,000 take seconds. */
  static List<KeyPair> keys(int count) {
    return IntStream.range(0, count).parallel().mapToObj(BenchChain::key).toList();
  }

  /** One validator, and {@link #BALANCE} tokens for each of {@code funded}. */
  static Genesis genesis(List<KeyPair> funded) {
    GenesisBuilder builder = GenesisBuilder.chain(CHAIN_ID).validator("n0", key(-1).publicKey(), 1);
    for (KeyPair account : funded) {
      builder.balance(account.address(), BALANCE);
    }
    return builder.build();
  }

  static Ledger open(Disk disk, Genesis genesis) {
    try {
      return Ledger.open(disk, genesis, ChainCodeRegistry.builtins());
    } catch (GenesisException e) {
      throw new IllegalStateException("the benchmark genesis does not open: " + e.getMessage(), e);
    }
  }

  /** A disk of the kind a benchmark parameter names, which deletes its files when closed. */
  static final class BenchDisk implements AutoCloseable {
    static final String MEMORY = "memory";
    static final String ROCKSDB = "rocksdb";

    private final Disk disk;
    private final Path directory;

    private BenchDisk(Disk disk, Path directory) {
      this.disk = disk;
      this.directory = directory;
    }

    /** An empty disk: {@code memory}, or {@code rocksdb} in a new temporary directory. */
    static BenchDisk open(String kind) {
      switch (kind) {
        case MEMORY:
          return new BenchDisk(new MemoryDisk(), null);
        case ROCKSDB:
          try {
            Path directory = Files.createTempDirectory("ledgerlab-bench-rocks-");
            return new BenchDisk(RocksDisk.open(directory), directory);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot create a RocksDB directory", e);
          }
        default:
          throw new IllegalArgumentException(
              "disk must be " + MEMORY + " or " + ROCKSDB + ", got '" + kind + "'");
      }
    }

    Disk disk() {
      return disk;
    }

    @Override
    public void close() {
      disk.close();
      if (directory != null) {
        deleteTree(directory);
      }
    }

    private static void deleteTree(Path root) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + root, e);
      }
    }
  }
}
