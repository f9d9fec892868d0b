package io.ledgerlab.cli;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.genesis.GenesisParser;
import io.ledgerlab.ledger.replay.BlockSource;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.store.ChainStore;
import io.ledgerlab.runtime.disk.DiskException;
import io.ledgerlab.runtime.disk.RocksDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A reference node's stored chain, opened read-only for a tool: its data directory (RocksDB), the
 * genesis it belongs to and the chain code that genesis names. Given a run directory it takes one
 * node's data ({@code nodes/<node>/data}) and the run's genesis; given a data directory, the
 * genesis named with {@code --genesis}, or the run's when the data directory sits in one.
 */
final class StoredChain implements AutoCloseable {
  final Path genesisFile;
  final Path dataDir;
  final Genesis genesis;
  final ChainHead head;
  private final RocksDisk disk;
  private final ChainStore chain;

  private StoredChain(Path genesisFile, Path dataDir, Genesis genesis, RocksDisk disk) {
    this.genesisFile = genesisFile;
    this.dataDir = dataDir;
    this.genesis = genesis;
    this.disk = disk;
    this.chain = new ChainStore(disk);
    this.head =
        chain
            .head()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        dataDir + " holds no chain: a node that never started leaves none"));
    if (!head.genesisHash().equals(genesis.hash())) {
      throw new IllegalArgumentException(
          dataDir
              + " belongs to another chain: its genesis hash is "
              + head.genesisHash().shortHex()
              + ", "
              + genesisFile
              + " hashes to "
              + genesis.hash().shortHex());
    }
  }

  /**
   * Opens the chain in {@code dir}, a run directory or a node's data directory.
   *
   * @param node the run's node whose data to read, or null for the first that has any
   * @param genesisFile the genesis, or null to take the run's
   * @throws IllegalArgumentException naming what is missing or wrong: bad input
   */
  static StoredChain open(Path dir, String node, Path genesisFile) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no directory at " + dir);
    }
    Path data;
    Path genesis = genesisFile;
    RunLayout run = new RunLayout(dir);
    if (Files.isRegularFile(run.genesis()) && Files.isDirectory(run.root().resolve("nodes"))) {
      data = node == null ? firstNodeData(run) : run.data(node);
      if (!isStore(data)) {
        throw new IllegalArgumentException(
            "run " + dir + " has no data for node '" + node + "' at " + data);
      }
      genesis = genesis == null ? run.genesis() : genesis;
    } else if (isStore(dir)) {
      if (node != null) {
        throw new IllegalArgumentException(
            "--node names a node of a run directory; " + dir + " is a data directory");
      }
      data = dir;
      genesis = genesis == null ? enclosingRunGenesis(dir) : genesis;
    } else {
      throw new IllegalArgumentException(
          dir
              + " is neither a run directory (genesis.yaml and nodes/) nor a node's data directory"
              + " (a RocksDB store)");
    }
    Genesis parsed = parse(genesis);
    RocksDisk disk;
    try {
      disk = RocksDisk.openReadOnly(data);
    } catch (DiskException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    try {
      return new StoredChain(genesis, data, parsed, disk);
    } catch (RuntimeException e) {
      disk.close();
      throw e;
    }
  }

  private static Path firstNodeData(RunLayout run) throws IOException {
    try (Stream<Path> nodes = Files.list(run.root().resolve("nodes"))) {
      List<Path> stores =
          nodes.map(n -> n.resolve("data")).filter(StoredChain::isStore).sorted().toList();
      if (stores.isEmpty()) {
        throw new IllegalArgumentException(
            "run "
                + run.root()
                + " has no node data: a run on the sim engine keeps its nodes' disks in memory"
                + " (use the scenario's replay check there); replay a process or docker run");
      }
      return stores.get(0);
    }
  }

  /** The genesis of the run a data directory ({@code <run>/nodes/<node>/data}) sits in. */
  private static Path enclosingRunGenesis(Path data) {
    Path nodeDir = data.toAbsolutePath().normalize().getParent();
    Path nodes = nodeDir == null ? null : nodeDir.getParent();
    if (nodes != null
        && nodes.getFileName() != null
        && nodes.getFileName().toString().equals("nodes")
        && nodes.getParent() != null
        && Files.isRegularFile(new RunLayout(nodes.getParent()).genesis())) {
      return new RunLayout(nodes.getParent()).genesis();
    }
    throw new IllegalArgumentException(
        data + " is a data directory outside a run directory: name its genesis with --genesis");
  }

  private static boolean isStore(Path dir) {
    return Files.isRegularFile(dir.resolve("CURRENT"));
  }

  private static Genesis parse(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no genesis file at " + file);
    }
    try {
      return new GenesisParser().parse(file.toString(), Files.readString(file));
    } catch (GenesisException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * The chain code the chain ran: the built-ins and every jar its genesis names, found beside the
   * genesis and checked against their hashes.
   */
  ChainCodeRegistry registry() {
    try {
      return ChainCodes.registry(
          Canary.NONE, genesis, genesisFile.toAbsolutePath().normalize().getParent());
    } catch (IOException e) {
      throw new IllegalArgumentException(genesisFile + ": " + e.getMessage(), e);
    }
  }

  /** The stored state at the head, as the node committed it. */
  StateStore headState() {
    return new StateStore(disk);
  }

  /** The stored blocks and receipts, for a replay. */
  BlockSource blocks() {
    return new BlockSource() {
      @Override
      public long head() {
        return head.height();
      }

      @Override
      public Block block(long height) throws IOException {
        return chain
            .block(height)
            .orElseThrow(() -> new IOException(dataDir + " has no block " + height));
      }

      @Override
      public Optional<List<Receipt>> receipts(long height) {
        return Optional.of(chain.receipts(height));
      }
    };
  }

  @Override
  public void close() {
    disk.close();
  }
}
