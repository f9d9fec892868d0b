package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.genesis.GenesisParser;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.RocksDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ledgerlab state export} of a node's chain stored in RocksDB: the head's state and an
 * earlier height's as genesis files that a new chain starts from with the same state root.
 */
class StateCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static Genesis read(Path file) throws Exception {
    return new GenesisParser().parse(file.toString(), Files.readString(file));
  }

  /** A new chain opened from {@code genesisFile}, its jars beside it. */
  private static Ledger start(Path genesisFile) throws Exception {
    Genesis g = read(genesisFile);
    return Ledger.open(
        new MemoryDisk(), g, ChainCodes.registry(Canary.NONE, g, genesisFile.getParent()));
  }

  @Test
  void theHeadsStateStartsANewChainWithTheSameRoot() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    Path file = dir.resolve("next").resolve("genesis.yaml");
    assertThat(
            run(
                "state",
                "export",
                c.run.data("n0").toString(),
                "--height",
                "3",
                "--out",
                file.toString(),
                "--chain-id",
                "next"))
        .as(err.toString())
        .isEqualTo(ExitCode.OK);
    assertThat(out.toString())
        .contains("wrote " + file + ": the state of stored at height 3 (root ")
        .contains("3 accounts, 3 chain codes, 2 chain-code keys")
        .contains("a chain started from it (next) begins at height 0 with this state root");
    assertThat(file.resolveSibling("chaincode").resolve("tally-1.jar")).exists();
    Genesis g = read(file);
    assertThat(g.chainId()).isEqualTo("next");
    assertThat(g.validators()).isEqualTo(c.genesis.validators());
    Ledger next = start(file);
    try (RocksDisk disk = RocksDisk.openReadOnly(c.run.data("n0"))) {
      var head = new io.ledgerlab.ledger.store.ChainStore(disk).head().orElseThrow();
      assertThat(next.head().stateRoot()).isEqualTo(head.stateRoot());
      assertThat(g.snapshot().fromBlockHash()).isEqualTo(head.blockHash());
    }
    assertThat(next.query("tally", "get", new byte[0]).result())
        .isEqualTo(io.ledgerlab.chaincode.Args.writer().u64(1 + 2 + 25 + 3).toBytes());
  }

  @Test
  void anEarlierHeightIsRebuiltByReplayingTheChain() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    Path file = dir.resolve("at1.yaml");
    assertThat(
            run(
                "state",
                "export",
                c.run.root().toString(),
                "--height",
                "1",
                "--out",
                file.toString()))
        .as(err.toString())
        .isEqualTo(ExitCode.OK);
    assertThat(err.toString())
        .contains("height 1 is below the head 3: replaying to it")
        .contains("replayed 1 block in");
    try (RocksDisk disk = RocksDisk.openReadOnly(c.run.data("n0"))) {
      var block1 = new io.ledgerlab.ledger.store.ChainStore(disk).block(1).orElseThrow();
      assertThat(start(file).head().stateRoot()).isEqualTo(block1.header().stateRoot());
      assertThat(read(file).snapshot().fromHeight()).isEqualTo(1);
    }
  }

  @Test
  void newValidatorsReplaceTheSourceChains() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    KeyPair other = KeyPair.generate(SeededEntropy.of(99));
    Path file = dir.resolve("g.yaml");
    assertThat(
            run(
                "state",
                "export",
                c.run.root().toString(),
                "--height",
                "3",
                "--out",
                file.toString(),
                "--validator",
                "v9=" + other.publicKey().hex() + ":3"))
        .isEqualTo(ExitCode.OK);
    assertThat(read(file).validators())
        .containsExactly(new Genesis.Validator("v9", other.publicKey(), 3));
  }

  @Test
  void badInputIsAUsageErrorNamingIt() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    String root = c.run.root().toString();
    String file = dir.resolve("g.yaml").toString();
    assertThat(run("state", "export", root, "--height", "4", "--out", file))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--height 4: the chain's head is at 3; expected 0 to 3");
    assertThat(run("state", "export", root, "--height", "3", "--out", file, "--validator", "v=zz"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--validator 'v=zz': expected NAME=PUBKEY[:POWER]");
    String key = KeyPair.generate(SeededEntropy.of(3)).publicKey().hex();
    assertThat(
            run(
                "state",
                "export",
                root,
                "--height",
                "3",
                "--out",
                file,
                "--validator",
                "v=" + key + ":0"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("the power must be a whole number from 1 to 2^60");
    assertThat(run("state", "export", root, "--height", "3", "--out", file, "--chain-id", "a b"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("the new genesis is refused").contains("chainId");
    assertThat(Path.of(file)).doesNotExist();
    Files.writeString(Path.of(file), "keep me");
    assertThat(run("state", "export", root, "--height", "3", "--out", file))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--out " + file + " exists; choose another path");
    assertThat(Files.readString(Path.of(file))).isEqualTo("keep me");
  }

  @Test
  void aDamagedStoreHasItsOwnExitStatus() throws Exception {
    StoredChains minted = StoredChains.write(dir.resolve("minted"), Canary.MINT);
    String file = dir.resolve("g.yaml").toString();
    assertThat(run("state", "export", minted.run.root().toString(), "--height", "1", "--out", file))
        .isEqualTo(ExitCode.STORED_CHAIN_INVALID);
    assertThat(err.toString())
        .contains("the chain does not replay under its own code at block 1: block 1 is invalid");
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    try (RocksDisk disk = RocksDisk.open(c.run.data("n0"))) {
      Ledger.open(disk, c.genesis, ChainCodes.registry(Canary.NONE, c.genesis, c.run.root()))
          .corruptStateForCanary();
    }
    assertThat(run("state", "export", c.run.root().toString(), "--height", "3", "--out", file))
        .isEqualTo(ExitCode.STORED_CHAIN_INVALID);
    assertThat(err.toString()).contains("the stored state does not rebuild to its head's root");
    assertThat(Path.of(file)).doesNotExist();
  }

  @Test
  void aJarThatIsGoneOrInTheWayIsNamed() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    Path out = dir.resolve("next").resolve("genesis.yaml");
    Files.createDirectories(out.resolveSibling("chaincode"));
    Files.writeString(out.resolveSibling("chaincode").resolve("tally-1.jar"), "another");
    assertThat(
            run(
                "state",
                "export",
                c.run.root().toString(),
                "--height",
                "3",
                "--out",
                out.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("tally-1.jar exists and holds another jar");
    Files.delete(c.run.chainCodeJar("tally", 1));
    assertThat(
            run(
                "state",
                "export",
                c.run.root().toString(),
                "--height",
                "3",
                "--out",
                out.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("it is missing or differs");
    assertThat(out).doesNotExist();
  }

  @Test
  void aCorruptedExportIsRefusedWhereANodeReadsIt() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    Path file = dir.resolve("g.yaml");
    assertThat(
            run(
                "state",
                "export",
                c.run.root().toString(),
                "--height",
                "3",
                "--out",
                file.toString()))
        .isEqualTo(ExitCode.OK);
    Files.writeString(file, Files.readString(file).replace("key: total", "key: t0tal"));
    Assertions.assertThatThrownBy(() -> read(file))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining(file + ":")
        .hasMessageContaining("state.root: the state this file describes has root");
  }
}
