package io.ledgerlab.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.node.NodeHost;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tx_submitBatch} on a real node (RocksDB, HTTP): one answer per transaction in order, each
 * with the verdict {@code tx_submit} would give, the accepted ones committed; malformed input fails
 * the whole call, naming the element, and admits nothing.
 */
@Timeout(60)
class SubmitBatchTest {
  private static final KeyPair VALIDATOR = KeyPair.generate(SeededEntropy.of(51));
  private static final KeyPair NODE = KeyPair.generate(SeededEntropy.of(52));
  private static final KeyPair ALICE = KeyPair.generate(SeededEntropy.of(53));
  private static final KeyPair BOB = KeyPair.generate(SeededEntropy.of(54));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAIN = "batched";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private NodeHost node;
  private URI rpc;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(
        dir.resolve("genesis.yaml"),
        GenesisWriter.yaml(
            GenesisBuilder.chain(CHAIN)
                .validator("n0", VALIDATOR.publicKey(), 1)
                .balance(ALICE.address(), 1_000_000)
                .build()));
    KeyFiles.write(VALIDATOR, dir.resolve("n0-validator.key"));
    KeyFiles.write(NODE, dir.resolve("n0-node.key"));
    NodeConfig config =
        new NodeConfig(
            "n0",
            dir.resolve("genesis.yaml"),
            dir.resolve("n0-node.key"),
            Optional.of(dir.resolve("n0-validator.key")),
            dir.resolve("n0-data"),
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
    node = NodeHost.start(config);
    rpc = URI.create("http://" + NodeConfigs.hostPort(node.config().rpc()) + "/");
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void answersEachTransactionInOrderAndCommitsTheAccepted() throws Exception {
    Transaction first = transfer(ALICE, 0);
    Transaction second = transfer(ALICE, 1);
    Transaction skips = transfer(ALICE, 5);
    Transaction broke = transfer(BOB, 0);

    JsonNode answers = call(batch(first, second, first, skips, broke)).get("result");

    assertThat(answers).hasSize(5);
    assertThat(answers.get(0).get("hash").asText()).isEqualTo(first.hash().hex());
    assertThat(answers.get(0).get("accepted").asBoolean()).isTrue();
    assertThat(answers.get(1).get("hash").asText()).isEqualTo(second.hash().hex());
    assertThat(answers.get(1).get("accepted").asBoolean()).isTrue();
    assertThat(answers.get(2).get("accepted").asBoolean()).isFalse();
    assertThat(answers.get(2).get("reason").asText()).isEqualTo("DUPLICATE");
    assertThat(answers.get(3).get("accepted").asBoolean()).isFalse();
    assertThat(answers.get(3).get("reason").asText()).isEqualTo("BAD_NONCE");
    assertThat(answers.get(4).get("accepted").asBoolean()).isFalse();
    assertThat(answers.get(4).get("reason").asText()).isEqualTo("INSUFFICIENT_BALANCE");

    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!committed(first) || !committed(second)) {
      assertThat(System.nanoTime()).as("both accepted transfers committed").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aForgedSignatureIsRejectedForThatTransactionOnly() throws Exception {
    Transaction good = transfer(ALICE, 0);
    byte[] forged = transfer(ALICE, 1).encoded();
    forged[forged.length - 1] ^= 1;

    ArrayNode txs = JSON.createArrayNode();
    txs.add(HexFormat.of().formatHex(good.encoded()));
    txs.add(HexFormat.of().formatHex(forged));
    JsonNode answers = call(request(txs)).get("result");

    assertThat(answers.get(0).get("accepted").asBoolean()).isTrue();
    assertThat(answers.get(1).get("accepted").asBoolean()).isFalse();
    assertThat(answers.get(1).get("reason").asText()).isEqualTo("BAD_SIGNATURE");
  }

  @Test
  void aMalformedElementFailsTheCallNamingItAndAdmitsNothing() throws Exception {
    Transaction good = transfer(ALICE, 0);
    ArrayNode txs = JSON.createArrayNode();
    txs.add(HexFormat.of().formatHex(good.encoded()));
    txs.add("00ff");
    JsonNode answer = call(request(txs));

    assertThat(answer.at("/error/code").asInt()).isEqualTo(RpcError.INVALID_PARAMS);
    assertThat(answer.at("/error/message").asText())
        .startsWith("invalid params: 'txs[1]' is not a transaction");
    assertThat(txStatus(good)).isEqualTo("unknown");

    txs.set(1, JSON.getNodeFactory().textNode("not hex"));
    assertThat(call(request(txs)).at("/error/message").asText())
        .startsWith("invalid params: 'txs[1]' must be hex");
    txs.set(1, JSON.getNodeFactory().numberNode(7));
    assertThat(call(request(txs)).at("/error/message").asText())
        .isEqualTo("invalid params: 'txs[1]' must be a string, got NUMBER");
  }

  @Test
  void refusesAnEmptyOrOversizedBatchOrAMissingList() throws Exception {
    assertThat(call(request(JSON.createArrayNode())).at("/error/message").asText())
        .isEqualTo("invalid params: 'txs' must be an array of 1 to 1000 elements, got 0 elements");
    ArrayNode many = JSON.createArrayNode();
    String hex = HexFormat.of().formatHex(transfer(ALICE, 0).encoded());
    for (int i = 0; i <= NodeRpc.SUBMIT_BATCH_MAX; i++) {
      many.add(hex);
    }
    assertThat(call(request(many)).at("/error/message").asText())
        .isEqualTo(
            "invalid params: 'txs' must be an array of 1 to 1000 elements, got 1001 elements");
    ObjectNode noList = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1);
    noList.put("method", "tx_submitBatch").putObject("params").put("txs", "00");
    assertThat(call(noList).at("/error/message").asText())
        .isEqualTo("invalid params: 'txs' must be an array of 1 to 1000 elements, got STRING");
    assertThat(txStatus(transfer(ALICE, 0))).isEqualTo("unknown");
  }

  private static Transaction transfer(KeyPair from, long nonce) {
    return Transaction.sign(CHAIN, from, nonce, new Payload.Transfer(BOB.address(), 10 + nonce));
  }

  private static ObjectNode batch(Transaction... txs) {
    ArrayNode list = JSON.createArrayNode();
    for (Transaction tx : txs) {
      list.add(HexFormat.of().formatHex(tx.encoded()));
    }
    return request(list);
  }

  private static ObjectNode request(ArrayNode txs) {
    ObjectNode r = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1);
    r.put("method", "tx_submitBatch").putObject("params").set("txs", txs);
    return r;
  }

  private boolean committed(Transaction tx) throws Exception {
    return "committed".equals(txStatus(tx));
  }

  private String txStatus(Transaction tx) throws Exception {
    ObjectNode r = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 2);
    r.put("method", "tx_get").putObject("params").put("hash", tx.hash().hex());
    return call(r).at("/result/status").asText();
  }

  private JsonNode call(JsonNode request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(rpc)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static InetSocketAddress freeLoopback() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
  }
}
