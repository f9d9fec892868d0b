package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.ledger.slashing.SignPosition;
import io.ledgerlab.ledger.slashing.SignRecords;
import io.ledgerlab.node.NodeHost;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.node.keys.PasswordSource;
import io.ledgerlab.runtime.disk.RocksDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ledgerlab keys slashing}: a real validator signs a few heights into RocksDB; its history
 * is exported, imported into a fresh data directory, and the moved key, started there on the same
 * genesis, refuses to sign the heights it already signed. An older history never lowers a guard;
 * another chain's, a running node's database and a key of another role are refused.
 */
@Timeout(120)
class SlashingCommandTest {
  private static final String PASSWORD = "validator password";
  private static final KeyPair VALIDATOR = KeyPair.generate(SeededEntropy.of(31));
  private static final KeyPair NODE = KeyPair.generate(SeededEntropy.of(32));

  @TempDir Path dir;
  private Path genesis;
  private Path validatorKey;
  private Path nodeKey;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void keysAndGenesis() throws Exception {
    genesis =
        Files.writeString(
            dir.resolve("genesis.yaml"),
            GenesisWriter.yaml(
                GenesisBuilder.chain("moves").validator("v0", VALIDATOR.publicKey(), 1).build()));
    validatorKey = dir.resolve("validator.json");
    nodeKey = dir.resolve("node.json");
    try (Password p = Password.wrap(PASSWORD.toCharArray())) {
      KeystoreFiles.write(
          Keystore.encrypt(
              VALIDATOR,
              p,
              KeystoreFiles.RUN_KDF,
              Label.of("v0", Role.VALIDATOR, ""),
              SeededEntropy.of(1)),
          validatorKey,
          false);
      KeystoreFiles.write(
          Keystore.encrypt(
              NODE,
              p,
              KeystoreFiles.RUN_KDF,
              Label.of("v0-node", Role.NODE, ""),
              SeededEntropy.of(2)),
          nodeKey,
          false);
    }
    Files.writeString(dir.resolve("pw"), PASSWORD);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void theMovedKeyRefusesToSignWhatItSignedBefore() throws Exception {
    Path first = dir.resolve("first/data");
    try (NodeHost host = NodeHost.start(config(first, "first"))) {
      awaitHeight(host, 3);
    }
    Path history = dir.resolve("history.json");
    assertThat(export(first, history)).as("%s", err).isZero();
    JsonNode json = new ObjectMapper().readTree(Files.readString(history));
    assertThat(json.at("/metadata/genesis_validators_root").asText())
        .isEqualTo("0x" + genesisHash());
    long signedHeight = json.at("/data/0/last_signed/height").asLong();
    assertThat(signedHeight).as("the last height signed").isGreaterThanOrEqualTo(3);

    Path moved = dir.resolve("moved/data");
    assertThat(importInto(moved, history)).as("%s", err).isZero();
    assertThat(out.toString())
        .contains("raised the guard of validator " + VALIDATOR.publicKey().hex());

    // The same key on a fresh chain would sign height 1 again: the imported guard forbids it.
    NodeConfig second = config(moved, "moved");
    try (NodeHost host = NodeHost.start(second)) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!Files.readString(second.logFile()).contains("consensus.sign.refused")) {
        assertThat(System.nanoTime()).as("a refusal logged").isLessThan(deadline);
        Thread.sleep(50);
      }
      Thread.sleep(500);
      assertThat(host.onLoop(() -> host.node().ledger().height()))
          .as("nothing committed at heights it signed before")
          .isZero();
    }
    assertThat(Files.readString(second.logFile()).lines())
        .filteredOn(l -> l.contains("\"event\":\"consensus.sign.refused\""))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("\"height\":1"));
  }

  @Test
  void importingAnOlderHistoryKeepsTheNewerPosition() throws Exception {
    Path first = dir.resolve("first/data");
    try (NodeHost host = NodeHost.start(config(first, "first"))) {
      awaitHeight(host, 2);
    }
    Path history = dir.resolve("history.json");
    assertThat(export(first, history)).isZero();

    Path ahead = dir.resolve("ahead/data");
    SignPosition newer =
        new SignPosition(1_000, 2, SignPosition.Step.PRECOMMIT, Sha256.hash(new byte[] {9}));
    try (RocksDisk disk = RocksDisk.open(ahead)) {
      SignRecords.write(disk, newer);
    }
    assertThat(importInto(ahead, history)).as("%s", err).isZero();
    assertThat(out.toString())
        .contains("kept the guard")
        .contains("the imported history is not newer");
    try (RocksDisk disk = RocksDisk.open(ahead)) {
      assertThat(SignRecords.read(disk)).hasValue(newer);
    }
  }

  @Test
  void anotherChainsHistoryOrDatabaseIsRefused() throws Exception {
    Path first = dir.resolve("first/data");
    try (NodeHost host = NodeHost.start(config(first, "first"))) {
      awaitHeight(host, 1);
    }
    Path history = dir.resolve("history.json");
    assertThat(export(first, history)).isZero();
    Path other =
        Files.writeString(
            dir.resolve("other.yaml"),
            GenesisWriter.yaml(
                GenesisBuilder.chain("other").validator("v0", VALIDATOR.publicKey(), 1).build()));

    Path fresh = dir.resolve("fresh/data");
    assertThat(
            run(
                "keys",
                "slashing",
                "import",
                "--data",
                fresh.toString(),
                "--genesis",
                other.toString(),
                "--key",
                validatorKey.toString(),
                history.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains("the history is for another chain: its genesis hash is");
    try (RocksDisk disk = RocksDisk.open(fresh)) {
      assertThat(SignRecords.read(disk)).as("nothing written").isEmpty();
    }
    assertThat(
            run(
                "keys",
                "slashing",
                "export",
                "--data",
                first.toString(),
                "--genesis",
                other.toString(),
                "--key",
                validatorKey.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString())
        .contains(first + " holds the chain of genesis hash " + genesisHash());
  }

  @Test
  void aRunningNodesDatabaseAMissingOneAndANodeKeyAreRefused() throws Exception {
    Path first = dir.resolve("first/data");
    try (NodeHost host = NodeHost.start(config(first, "first"))) {
      awaitHeight(host, 1);
      assertThat(export(first, dir.resolve("h.json"))).isEqualTo(KeysCommand.REFUSED);
      assertThat(err.toString())
          .contains(
              first + ": cannot open the node's database; it is in use — stop its node first");
    }
    assertThat(export(dir.resolve("nowhere"), dir.resolve("h.json")))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains(dir.resolve("nowhere") + ": no node database here");
    assertThat(
            run(
                "keys",
                "slashing",
                "export",
                "--data",
                first.toString(),
                "--genesis",
                genesis.toString(),
                "--key",
                nodeKey.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString())
        .contains("holds a key of role node; slashing protection belongs to a validator key");
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"metadata\": {}}");
    assertThat(importInto(dir.resolve("x/data"), bad)).isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains(bad + ": metadata.interchange_format_version: missing");
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private int export(Path data, Path to) {
    return run(
        "keys",
        "slashing",
        "export",
        "--data",
        data.toString(),
        "--genesis",
        genesis.toString(),
        "--key",
        validatorKey.toString(),
        "--out",
        to.toString());
  }

  private int importInto(Path data, Path history) {
    return run(
        "keys",
        "slashing",
        "import",
        "--data",
        data.toString(),
        "--genesis",
        genesis.toString(),
        "--key",
        validatorKey.toString(),
        history.toString());
  }

  private String genesisHash() throws Exception {
    return new io.ledgerlab.ledger.genesis.GenesisParser()
        .parse(genesis.toString(), Files.readString(genesis))
        .hash()
        .hex();
  }

  private NodeConfig config(Path data, String name) throws IOException {
    return new NodeConfig(
            "v0",
            genesis,
            nodeKey,
            Optional.of(validatorKey),
            data,
            dir.resolve(name + ".jsonl"),
            EventLog.Level.INFO,
            freeLoopback(),
            freeLoopback(),
            List.of(),
            0,
            Behaviour.HONEST,
            List.of(),
            50_000,
            false,
            Optional.empty())
        .withKeyPassword(new PasswordSource.File(dir.resolve("pw")));
  }

  private static void awaitHeight(NodeHost host, long height) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (host.onLoop(() -> host.node().ledger().height()) < height) {
      assertThat(System.nanoTime()).as("height %d in time", height).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static InetSocketAddress freeLoopback() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }
}
