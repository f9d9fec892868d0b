package io.ledgerlab.node;

import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.node.keys.PasswordSource;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs a throwaway single-validator node in {@code dir} through a few blocks and a transaction,
 * then stops it. Run under {@code -XX:ArchiveClassesAtExit}, it records the classes a node loads,
 * so later node processes start from a class-data archive in about half the time.
 */
public final class NodeWarmup {
  private static final int BLOCKS = 3;
  private static final long TIMEOUT_MILLIS = 30_000;

  private NodeWarmup() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: NodeWarmup <empty directory>");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0])));
  }

  static int run(Path dir) throws Exception {
    SystemEntropy entropy = new SystemEntropy();
    KeyPair validator = KeyPair.generate(entropy);
    KeyPair account = KeyPair.generate(entropy);
    Files.createDirectories(dir);
    // Keystores as the lab writes them, so the archive also holds the classes that open them.
    char[] secret = Hex.encode(entropy.bytes(32)).toCharArray();
    KeystoreFiles.writePrivate(dir.resolve("password"), new String(secret), true);
    try (Password password = Password.wrap(secret)) {
      KeystoreFiles.write(
          Keystore.encrypt(
              validator,
              password,
              KeystoreFiles.RUN_KDF,
              Label.of("w0-validator", Role.VALIDATOR, "warm-up"),
              entropy),
          dir.resolve("validator.json"),
          true);
      KeystoreFiles.write(
          Keystore.encrypt(
              KeyPair.generate(entropy),
              password,
              KeystoreFiles.RUN_KDF,
              Label.of("w0-node", Role.NODE, "warm-up"),
              entropy),
          dir.resolve("node.json"),
          true);
    }
    Files.writeString(
        dir.resolve("genesis.yaml"),
        GenesisWriter.yaml(
            GenesisBuilder.chain("warmup")
                .validator("w0", validator.publicKey(), 1)
                .balance(account.address(), 1_000)
                .build()));
    NodeConfig config =
        new NodeConfig(
                "w0",
                dir.resolve("genesis.yaml"),
                dir.resolve("node.json"),
                Optional.of(dir.resolve("validator.json")),
                dir.resolve("data"),
                dir.resolve("w0.jsonl"),
                EventLog.Level.INFO,
                freeLoopback(),
                freeLoopback(),
                List.of(),
                0,
                io.ledgerlab.ledger.consensus.Behaviour.HONEST,
                List.of(),
                50_000,
                false,
                Optional.empty())
            .withKeyPassword(new PasswordSource.File(dir.resolve("password")));
    try (NodeHost host = NodeHost.start(config)) {
      host.onLoop(
          () ->
              host.submit(
                  Transaction.sign(
                      "warmup", account, 0, new Payload.Transfer(validator.address(), 1))));
      host.status();
      long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
      while (host.onLoop(() -> host.node().ledger().height()) < BLOCKS) {
        if (System.currentTimeMillis() > deadline || host.failure() != null) {
          System.err.println("warmup: no block " + BLOCKS + " in time: " + host.failure());
          return 1;
        }
        Thread.sleep(20);
      }
    }
    return 0;
  }

  private static InetSocketAddress freeLoopback() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }
}
