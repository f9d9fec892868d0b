package io.ledgerlab.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.node.config.KeyFiles;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validator and an observer as real nodes on loopback (TCP, RocksDB, HTTP): the observer follows
 * the chain without a validator key, and its RPC and metrics report what it measured and which
 * software its peer runs.
 */
@Timeout(60)
class NodeObserverTest {
  private static final KeyPair VALIDATOR = KeyPair.generate(SeededEntropy.of(41));
  private static final KeyPair N0_NODE = KeyPair.generate(SeededEntropy.of(42));
  private static final KeyPair O0_NODE = KeyPair.generate(SeededEntropy.of(43));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void anObserverFollowsMeasuresAndReportsOverRpcAndMetrics() throws Exception {
    Files.writeString(
        dir.resolve("genesis.yaml"),
        GenesisWriter.yaml(
            GenesisBuilder.chain("observed").validator("n0", VALIDATOR.publicKey(), 1).build()));
    KeyFiles.write(VALIDATOR, dir.resolve("n0-validator.key"));
    KeyFiles.write(N0_NODE, dir.resolve("n0-node.key"));
    KeyFiles.write(O0_NODE, dir.resolve("o0-node.key"));
    InetSocketAddress n0P2p = freeLoopback();
    InetSocketAddress o0P2p = freeLoopback();
    NodeConfig n0 =
        config("n0", N0_NODE, Optional.of(dir.resolve("n0-validator.key")), n0P2p)
            .withPeers(List.of(new NodeConfig.Peer("o0", o0P2p, O0_NODE.publicKey())));
    NodeConfig o0 =
        config("o0", O0_NODE, Optional.empty(), o0P2p)
            .withPeers(List.of(new NodeConfig.Peer("n0", n0P2p, N0_NODE.publicKey())))
            .withRelay(true)
            .withRescueAfterMicros(1_000_000);
    // Through the files, as the lab's process engine starts them.
    NodeConfigs.write(n0, dir.resolve("n0.yaml"));
    NodeConfigs.write(o0, dir.resolve("o0.yaml"));
    assertThat(Files.readString(dir.resolve("o0.yaml"))).contains("relay: true", "rescueAfter: 1s");
    try (NodeHost validator = NodeHost.start(NodeConfigs.read(dir.resolve("n0.yaml")));
        NodeHost observer = NodeHost.start(NodeConfigs.read(dir.resolve("o0.yaml")))) {
      assertThat(observer.config().relay()).isTrue();
      assertThat(observer.config().rescueAfterMicros()).isEqualTo(1_000_000);
      long deadline = System.nanoTime() + 40_000_000_000L;
      URI o0Rpc = URI.create("http://" + NodeConfigs.hostPort(observer.config().rpc()) + "/");
      URI n0Rpc = URI.create("http://" + NodeConfigs.hostPort(validator.config().rpc()) + "/");
      JsonNode status = call(o0Rpc, "observer_status");
      while (status.get("blocks").asLong() < 3 || status.at("/peers/n0").isMissingNode()) {
        assertThat(System.nanoTime()).as("three observed blocks in time").isLessThan(deadline);
        Thread.sleep(50);
        status = call(o0Rpc, "observer_status");
      }
      assertThat(call(o0Rpc, "node_status").get("role").asText()).isEqualTo("observer");
      assertThat(call(n0Rpc, "node_status").get("role").asText()).isEqualTo("validator");
      assertThat(status.get("role").asText()).isEqualTo("observer");
      assertThat(status.get("divergences").isArray()).isTrue();
      assertThat(status.get("divergences")).isEmpty();
      assertThat(status.get("roundChanges").asLong()).isZero();
      JsonNode n0Stats = status.at("/validators/n0");
      assertThat(n0Stats.get("certificates").asLong()).isEqualTo(status.get("blocks").asLong());
      assertThat(n0Stats.get("signed").asLong()).isEqualTo(status.get("blocks").asLong());
      assertThat(n0Stats.get("missed").asLong()).isZero();
      assertThat(n0Stats.get("missedRatio").asDouble()).isZero();
      assertThat(status.at("/proposers/n0").asLong()).isEqualTo(status.get("blocks").asLong());
      assertThat(status.get("lastIntervalMicros").asLong()).isPositive();
      assertThat(status.get("meanIntervalMicros").asLong()).isPositive();
      assertThat(status.at("/peers/n0").asText()).isEqualTo(NodeVersion.software());
      assertThat(call(n0Rpc, "observer_status").get("role").asText()).isEqualTo("validator");
      assertThat(call(n0Rpc, "observer_status").at("/peers/o0").asText())
          .isEqualTo(NodeVersion.software());

      String metrics = get(o0Rpc.resolve("/metrics"));
      assertThat(metrics).containsPattern("(?m)^ledgerlab_role\\{role=\"observer\"} 1(\\.0)?$");
      assertThat(metrics).containsPattern("(?m)^ledgerlab_observer_blocks_total [1-9]");
      assertThat(metrics).containsPattern("(?m)^ledgerlab_observer_certificates_total [1-9]");
      assertThat(metrics)
          .containsPattern(
              "(?m)^ledgerlab_peer_version_info\\{peer=\"n0\",version=\""
                  + java.util.regex.Pattern.quote(NodeVersion.software())
                  + "\"} 1(\\.0)?$");
      assertThat(metrics)
          .containsPattern("(?m)^ledgerlab_relayed_messages_total\\{kind=\"vote\"} ");
      assertThat(metrics).containsPattern("(?m)^ledgerlab_rescued_transactions_total 0(\\.0)?$");
      assertThat(metrics)
          .containsPattern("(?m)^ledgerlab_p2p_read_pauses_total 0(\\.0)?$")
          .containsPattern("(?m)^ledgerlab_p2p_inbound_dropped_messages_total 0(\\.0)?$")
          .containsPattern("(?m)^ledgerlab_p2p_inbound_pending_bytes [0-9]");
      // The only validator signs every block: its series exists from the start, at 0.
      assertThat(metrics)
          .containsPattern(
              "(?m)^ledgerlab_observer_missed_votes_total\\{validator=\"n0\"} 0(\\.0)?$");
      assertThat(get(n0Rpc.resolve("/metrics")))
          .containsPattern("(?m)^ledgerlab_role\\{role=\"validator\"} 1(\\.0)?$")
          .doesNotContain("ledgerlab_observer_missed_votes_total{");
    }
    assertThat(Files.readString(dir.resolve("o0.jsonl")))
        .contains("\"event\":\"observer.block\"", "\"event\":\"observer.peer\"")
        .doesNotContain("consensus.sign");
  }

  private NodeConfig config(
      String name, KeyPair nodeKey, Optional<Path> validatorKey, InetSocketAddress p2p)
      throws IOException {
    return new NodeConfig(
        name,
        dir.resolve("genesis.yaml"),
        dir.resolve(name + "-node.key"),
        validatorKey,
        dir.resolve(name + "-data"),
        dir.resolve(name + ".jsonl"),
        EventLog.Level.INFO,
        p2p,
        freeLoopback(),
        List.of(),
        0,
        Behaviour.HONEST,
        List.of(),
        50_000,
        false,
        Optional.empty());
  }

  private JsonNode call(URI rpc, String method) throws IOException, InterruptedException {
    String body = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":[],\"id\":1}";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(rpc)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.has("result")).as(r.body()).isTrue();
    return answer.get("result");
  }

  private String get(URI uri) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static InetSocketAddress freeLoopback() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }
}
