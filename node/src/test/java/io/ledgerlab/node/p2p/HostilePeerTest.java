package io.ledgerlab.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.node.NodeHost;
import io.ledgerlab.node.config.KeyFiles;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node (TCP, RocksDB, consensus) and a peer it knows that turns hostile after a good
 * handshake, over a real socket: frames of garbage are refused one by one as invalid messages, an
 * oversized frame costs the peer its connection, and the node keeps committing blocks throughout.
 */
@Timeout(60)
class HostilePeerTest {
  private static final KeyPair VALIDATOR = KeyPair.generate(SeededEntropy.of(51));
  private static final KeyPair N0_NODE = KeyPair.generate(SeededEntropy.of(52));
  private static final KeyPair X_NODE = KeyPair.generate(SeededEntropy.of(53));

  @TempDir Path dir;

  @Test
  void garbageFromAnAuthenticatedPeerIsRefusedAndTheNodeKeepsCommitting() throws Exception {
    Files.writeString(
        dir.resolve("genesis.yaml"),
        GenesisWriter.yaml(
            GenesisBuilder.chain("test-chain").validator("n0", VALIDATOR.publicKey(), 1).build()));
    KeyFiles.write(VALIDATOR, dir.resolve("n0-validator.key"));
    KeyFiles.write(N0_NODE, dir.resolve("n0-node.key"));
    InetSocketAddress p2p = freeLoopback();
    NodeConfig n0 =
        new NodeConfig(
                "n0",
                dir.resolve("genesis.yaml"),
                dir.resolve("n0-node.key"),
                Optional.of(dir.resolve("n0-validator.key")),
                dir.resolve("n0-data"),
                dir.resolve("n0.jsonl"),
                EventLog.Level.INFO,
                p2p,
                freeLoopback(),
                List.of(),
                0,
                Behaviour.HONEST,
                List.of(),
                50_000,
                false,
                Optional.empty())
            .withPeers(List.of(new NodeConfig.Peer("x", freeLoopback(), X_NODE.publicKey())));

    try (NodeHost host = NodeHost.start(n0)) {
      long before = awaitHeightAbove(host, 1);
      try (TcpTransportTest.RawPeer raw = new TcpTransportTest.RawPeer(p2p)) {
        Handshake.Hello hello = raw.exchangeHellos(X_NODE.publicKey());
        raw.writeFrame(
            X_NODE
                .sign(
                    Handshake.authMessage(
                        "test-chain", hello.nonce(), X_NODE.publicKey(), hello.key()))
                .bytes());
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
          byte[] garbage = new byte[1 + random.nextInt(300)];
          random.nextBytes(garbage);
          raw.writeFrame(garbage);
        }
        long during = awaitHeightAbove(host, before + 2);
        raw.out.writeInt(TcpTransport.FRAME_BYTES_MAX + 1);
        raw.out.flush();
        assertThat(raw.closedWithin(Duration.ofSeconds(5))).as("the peer is cut off").isTrue();
        awaitHeightAbove(host, during + 2);
      }
      assertThat(host.failure()).isNull();
    }
    String log = Files.readString(dir.resolve("n0.jsonl"), StandardCharsets.UTF_8);
    List<String> invalid = log.lines().filter(l -> l.contains("\"p2p.message.invalid\"")).toList();
    assertThat(invalid).hasSizeGreaterThanOrEqualTo(45).allMatch(l -> l.contains("\"peer\":\"x\""));
    assertThat(log.lines().filter(l -> l.contains("\"p2p.connection.dropped\"")))
        .singleElement()
        .asString()
        .contains("\"peer\":\"x\"", "frame longer than " + TcpTransport.FRAME_BYTES_MAX + " bytes");
  }

  private static long awaitHeightAbove(NodeHost host, long height) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long now = host.status().get("height").asLong();
    while (now <= height) {
      assertThat(System.nanoTime()).as("height above %d in time", height).isLessThan(deadline);
      Thread.sleep(50);
      now = host.status().get("height").asLong();
    }
    return now;
  }

  private static InetSocketAddress freeLoopback() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }
}
