package io.ledgerlab.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.node.config.KeyFiles;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.node.keys.PasswordSource;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose keys are keystores: it starts and commits with the right password; with a wrong one,
 * or a config that does not say where the password is, it exits with code 2 before it opens its
 * log, its database or a port — and its message never holds a password.
 */
@Timeout(60)
class NodeKeystoreTest {
  private static final String PASSWORD = "the right password";
  private static final KeyPair VALIDATOR = KeyPair.generate(SeededEntropy.of(21));
  private static final KeyPair NODE = KeyPair.generate(SeededEntropy.of(22));

  @TempDir Path dir;

  @Test
  void aNodeStartsFromKeystoresAndCommits() throws Exception {
    NodeConfig config = keystoreConfig(dir.resolve("password"));
    try (NodeHost host = NodeHost.start(config)) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (host.onLoop(() -> host.node().ledger().height()) < 2) {
        assertThat(System.nanoTime()).as("two blocks in time").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(host.node().key().publicKey()).isEqualTo(VALIDATOR.publicKey());
    }
  }

  @Test
  void aWrongPasswordStopsTheNodeBeforeAnythingStarts() throws Exception {
    NodeConfig config = keystoreConfig(dir.resolve("password"));
    String wrong = "not the password at all";
    Files.writeString(dir.resolve("password"), wrong + "\n");
    Path file = dir.resolve("n0.yaml");
    NodeConfigs.write(config, file);

    Result r = run(file);
    assertThat(r.code()).isEqualTo(NodeMain.EXIT_CONFIG);
    assertThat(r.err())
        .startsWith("ledgerlab node: nodeKey: wrong password for keystore n0-node (")
        .contains(dir.resolve("node.json").toString())
        .doesNotContain(wrong)
        .doesNotContain(PASSWORD);
    assertThat(config.dataDir()).as("no database").doesNotExist();
    assertThat(config.logFile()).as("no log").doesNotExist();
    assertBindable(config.p2p());
    assertBindable(config.rpc());
  }

  @Test
  void aKeystoreWithoutAPasswordSourceIsNamed() throws Exception {
    NodeConfig withPassword = keystoreConfig(dir.resolve("password"));
    Path file = dir.resolve("n0.yaml");
    NodeConfigs.write(withoutPassword(withPassword), file);
    Result r = run(file);
    assertThat(r.code()).isEqualTo(NodeMain.EXIT_CONFIG);
    assertThat(r.err())
        .contains(
            "nodeKey: "
                + dir.resolve("node.json")
                + " is a keystore; the config needs passwordFile or passwordEnv to open it");
  }

  @Test
  void aPasswordSourceWithNothingToOpenIsRefusedNotIgnored() throws Exception {
    KeyFiles.write(VALIDATOR, dir.resolve("validator.key"));
    KeyFiles.write(NODE, dir.resolve("node.key"));
    Files.writeString(dir.resolve("password"), PASSWORD);
    NodeConfig config =
        config(dir.resolve("node.key"), dir.resolve("validator.key"))
            .withKeyPassword(new PasswordSource.File(dir.resolve("password")));
    Path file = dir.resolve("n0.yaml");
    NodeConfigs.write(config, file);
    Result r = run(file);
    assertThat(r.code()).isEqualTo(NodeMain.EXIT_CONFIG);
    assertThat(r.err())
        .contains("passwordFile: given, but neither nodeKey nor validatorKey is a keystore");
  }

  @Test
  void aKeyOfTheWrongRoleIsRefused() throws Exception {
    NodeConfig right = keystoreConfig(dir.resolve("password"));
    NodeConfig swapped =
        new NodeConfig(
                right.name(),
                right.genesis(),
                right.validatorKey().orElseThrow(),
                Optional.of(right.nodeKey()),
                right.dataDir(),
                right.logFile(),
                right.logLevel(),
                right.p2p(),
                right.rpc(),
                right.peers(),
                0,
                Behaviour.HONEST,
                List.of(),
                50_000,
                false,
                Optional.empty())
            .withKeyPassword(right.keyPassword().orElseThrow());
    Path file = dir.resolve("n0.yaml");
    NodeConfigs.write(swapped, file);
    Result r = run(file);
    assertThat(r.code()).isEqualTo(NodeMain.EXIT_CONFIG);
    assertThat(r.err()).contains("holds a key of role validator; nodeKey takes role node");
  }

  @Test
  void anUnsetPasswordVariableIsNamed() throws Exception {
    NodeConfig config =
        keystoreConfig(dir.resolve("password"))
            .withKeyPassword(new PasswordSource.Env("LEDGERLAB_TEST_UNSET_PASSWORD"));
    Path file = dir.resolve("n0.yaml");
    NodeConfigs.write(config, file);
    Result r = run(file);
    assertThat(r.code()).isEqualTo(NodeMain.EXIT_CONFIG);
    assertThat(r.err())
        .contains("passwordEnv: environment variable LEDGERLAB_TEST_UNSET_PASSWORD is not set");
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private record Result(int code, String err) {}

  private static Result run(Path configFile) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = NodeMain.run(configFile, err);
    }
    return new Result(code, bytes.toString(StandardCharsets.UTF_8));
  }

  /** Keystores for both keys under {@link #PASSWORD}, kept in {@code passwordFile}. */
  private NodeConfig keystoreConfig(Path passwordFile) throws IOException {
    Files.writeString(passwordFile, PASSWORD + "\n");
    try (Password p = Password.wrap(PASSWORD.toCharArray())) {
      KeystoreFiles.write(
          Keystore.encrypt(
              VALIDATOR,
              p,
              KeystoreFiles.RUN_KDF,
              Label.of("n0-validator", Role.VALIDATOR, "test"),
              SeededEntropy.of(1)),
          dir.resolve("validator.json"),
          true);
      KeystoreFiles.write(
          Keystore.encrypt(
              NODE,
              p,
              KeystoreFiles.RUN_KDF,
              Label.of("n0-node", Role.NODE, "test"),
              SeededEntropy.of(2)),
          dir.resolve("node.json"),
          true);
    }
    assertThat(Files.readString(dir.resolve("validator.json")))
        .doesNotContain(Hex.encode(VALIDATOR.seed()));
    return config(dir.resolve("node.json"), dir.resolve("validator.json"))
        .withKeyPassword(new PasswordSource.File(passwordFile));
  }

  private NodeConfig config(Path nodeKey, Path validatorKey) throws IOException {
    Files.writeString(
        dir.resolve("genesis.yaml"),
        GenesisWriter.yaml(
            GenesisBuilder.chain("keystores").validator("n0", VALIDATOR.publicKey(), 1).build()));
    return new NodeConfig(
        "n0",
        dir.resolve("genesis.yaml"),
        nodeKey,
        Optional.of(validatorKey),
        dir.resolve("data"),
        dir.resolve("n0.jsonl"),
        EventLog.Level.INFO,
        freeLoopback(),
        freeLoopback(),
        List.of(),
        0,
        Behaviour.HONEST,
        List.of(),
        50_000,
        false,
        Optional.empty());
  }

  private static NodeConfig withoutPassword(NodeConfig c) {
    return new NodeConfig(
        c.name(),
        c.genesis(),
        c.nodeKey(),
        c.validatorKey(),
        c.dataDir(),
        c.logFile(),
        c.logLevel(),
        c.p2p(),
        c.rpc(),
        c.peers(),
        c.clockOffsetMicros(),
        c.behaviour(),
        c.byzantine(),
        c.timeoutCommitMicros(),
        c.labControls(),
        c.supervisorPid());
  }

  private static InetSocketAddress freeLoopback() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }

  /** Nothing listens there: the node never bound it. */
  private static void assertBindable(InetSocketAddress a) throws IOException {
    try (ServerSocket s = new ServerSocket(a.getPort(), 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.isBound()).isTrue();
    }
  }
}
