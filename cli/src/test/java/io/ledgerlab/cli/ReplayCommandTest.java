package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.cli.chaincode.Greeter;
import io.ledgerlab.cli.chaincode.Tally;
import io.ledgerlab.cli.chaincode.TallyCapped;
import io.ledgerlab.cli.chaincode.TallyPlus;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.runtime.disk.RocksDisk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ledgerlab replay} on a node's chain stored in RocksDB: VALID under a v2 that only adds a
 * method, INVALID at the old transaction a v2 answers otherwise, its own exit status for a stored
 * chain its code no longer gives, and bad input named — without changing the node's data.
 */
class ReplayCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path plus() throws Exception {
    return StoredChains.jar(dir.resolve("plus.jar"), TallyPlus.class, Tally.class);
  }

  private Path capped() throws Exception {
    return StoredChains.jar(dir.resolve("capped.jar"), TallyCapped.class, Tally.class);
  }

  /** Every file of {@code dir} with a digest of its bytes. */
  private static Map<String, String> digests(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        out.put(dir.relativize(f).toString(), Hex.encode(d));
      }
    }
    return out;
  }

  @Test
  void aVersionTwoThatOnlyAddsAMethodIsValidAndTheDataIsUntouched() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    Map<String, String> before = digests(c.run.data("n0"));
    assertThat(run("replay", c.run.root().toString(), "--with", plus().toString()))
        .as(err.toString())
        .isEqualTo(ExitCode.OK);
    assertThat(out.toString())
        .startsWith(
            "VALID: 3 blocks (6 transactions) of stored replay from genesis to the same"
                + " receipts and state roots under the replacement code")
        .contains("tally version 2 stands in for tally version 1");
    assertThat(err.toString())
        .contains("replaying " + c.run.data("n0") + ": chain stored, head 3")
        .containsPattern("replayed 3 blocks in [0-9.]+ s \\([0-9]+ blocks/s\\)");
    assertThat(digests(c.run.data("n0"))).isEqualTo(before);
  }

  @Test
  void aVersionTwoThatChangesAnOldResultIsInvalidNamingThatTransaction() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    assertThat(run("replay", c.run.root().toString(), "--with", capped().toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    int index = c.blocks.get(1).indexOf(c.bigAdd);
    assertThat(out.toString())
        .startsWith(
            "INVALID: the replacement code parts from the chain stored at block 2 (block 1 agrees)")
        .contains("first divergence: block 2, transaction " + index + " " + c.bigAdd.hash().hex())
        .contains("the receipts and the writes differ")
        .contains("receipt, chain's code: ok, result 0x000000000000001c")
        .contains("receipt, replacement : ok, result 0x000000000000000d")
        .contains("state chain code tally key \"total\" (was 0x0000000000000003)");
  }

  @Test
  void jsonCarriesTheSameReport() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    assertThat(run("replay", c.run.root().toString(), "--with", capped().toString(), "--json"))
        .isEqualTo(ExitCode.CHECK_FAILED);
    JsonNode r = new ObjectMapper().readTree(out.toString());
    assertThat(r.path("verdict").asText()).isEqualTo("INVALID");
    assertThat(r.path("blocksAgreed").asLong()).isEqualTo(1);
    assertThat(r.path("replaced").get(0).path("standsInFor").get(0).asInt()).isEqualTo(1);
    JsonNode d = r.path("divergence");
    assertThat(d.path("height").asLong()).isEqualTo(2);
    assertThat(d.path("tx").asText()).isEqualTo(c.bigAdd.hash().hex());
    assertThat(d.path("receipts").path("reference").path("resultHex").asText())
        .isEqualTo("000000000000001c");
    assertThat(d.path("receipts").path("candidate").path("resultHex").asText())
        .isEqualTo("000000000000000d");
    assertThat(d.path("state").path("key").asText()).isEqualTo("chain code tally key \"total\"");
    assertThat(d.path("state").path("candidate").path("hex").asText())
        .isEqualTo("000000000000000d");
  }

  @Test
  void aStoredChainItsOwnCodeNoLongerGivesHasItsOwnExitStatus() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.MINT);
    assertThat(run("replay", c.run.root().toString(), "--with", plus().toString()))
        .isEqualTo(ExitCode.STORED_CHAIN_INVALID);
    assertThat(out.toString())
        .startsWith(
            "STORED CHAIN INVALID: stored does not replay under its own code at block 1 (its first"
                + " block); no replacement was judged");
  }

  @Test
  void aDataDirectoryInARunFindsTheRunsGenesisElsewhereItNeedsOne() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    assertThat(run("replay", c.run.data("n0").toString(), "--with", plus().toString()))
        .isEqualTo(ExitCode.OK);
    Path moved = dir.resolve("elsewhere");
    Files.move(c.run.data("n0"), moved);
    assertThat(run("replay", moved.toString(), "--with", plus().toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains("is a data directory outside a run directory: name its genesis with --genesis");
    assertThat(
            run(
                "replay",
                moved.toString(),
                "--with",
                plus().toString(),
                "--genesis",
                c.run.genesis().toString()))
        .isEqualTo(ExitCode.OK);
  }

  @Test
  void badInputIsAUsageErrorNamingIt() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    String root = c.run.root().toString();
    assertThat(run("replay", root, "--with", dir.resolve("none.jar").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--with " + dir.resolve("none.jar") + ": no such file");
    Path greeter = StoredChains.jar(dir.resolve("greeter.jar"), Greeter.class);
    assertThat(run("replay", root, "--with", greeter.toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains(
            "the replacement greeter version 3 names no chain code of the chain, which runs [kv,"
                + " tally, token]");
    assertThat(run("replay", root, "--with", plus().toString(), "--node", "n7"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("has no data for node 'n7'");
    assertThat(run("replay", root)).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing required option: '--with=JAR'");
    Path simRun = dir.resolve("sim-run");
    Files.createDirectories(simRun.resolve("nodes").resolve("n0"));
    Files.copy(c.run.genesis(), simRun.resolve("genesis.yaml"));
    assertThat(run("replay", simRun.toString(), "--with", plus().toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("a run on the sim engine keeps its nodes' disks in memory");
  }

  @Test
  void directoriesAndGenesisFilesThatDoNotFitAreNamed() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    String plus = plus().toString();
    String data = c.run.data("n0").toString();
    assertThat(run("replay", dir.resolve("none").toString(), "--with", plus))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("no directory at " + dir.resolve("none"));
    Files.createDirectories(dir.resolve("plain"));
    assertThat(run("replay", dir.resolve("plain").toString(), "--with", plus))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains(
            "is neither a run directory (genesis.yaml and nodes/) nor a node's data directory");
    assertThat(run("replay", data, "--with", plus, "--node", "n0")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--node names a node of a run directory");
    assertThat(run("replay", data, "--with", plus, "--genesis", dir.resolve("g.yaml").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("no genesis file at " + dir.resolve("g.yaml"));
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "chainId: [x\n");
    assertThat(run("replay", data, "--with", plus, "--genesis", bad.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains(bad + ":1:");
    Files.delete(c.run.chainCodeJar("tally", 1));
    assertThat(run("replay", data, "--with", plus)).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains(c.run.genesis() + ": ").contains("tally-1.jar");
  }

  @Test
  void aStoreWithNoChainOrAMissingBlockIsNamed() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    Path empty = dir.resolve("empty");
    RocksDisk.open(empty).close();
    assertThat(
            run(
                "replay",
                empty.toString(),
                "--with",
                plus().toString(),
                "--genesis",
                c.run.genesis().toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains(empty + " holds no chain");
    try (RocksDisk disk = RocksDisk.open(c.run.data("n0"))) {
      byte[] block2 = new Encoder(9).u8('b').u64(2).toByteArray();
      disk.write(new WriteBatch().delete(block2));
      disk.sync();
    }
    assertThat(run("replay", c.run.root().toString(), "--with", plus().toString()))
        .isEqualTo(ExitCode.STORED_CHAIN_INVALID);
    assertThat(err.toString())
        .contains("the stored chain cannot be read: " + c.run.data("n0") + " has no block 2");
  }

  @Test
  void aGenesisOfAnotherChainIsRefused() throws Exception {
    StoredChains c = StoredChains.write(dir.resolve("run"), Canary.NONE);
    StoredChains other = StoredChains.write(dir.resolve("other"), Canary.NONE);
    Files.writeString(
        other.run.genesis(),
        Files.readString(other.run.genesis()).replace("chainId: stored", "chainId: other"));
    assertThat(
            run(
                "replay",
                c.run.data("n0").toString(),
                "--with",
                plus().toString(),
                "--genesis",
                other.run.genesis().toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("belongs to another chain: its genesis hash is");
  }
}
