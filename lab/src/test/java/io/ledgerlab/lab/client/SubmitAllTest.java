package io.ledgerlab.lab.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NodeClient.submitAll over real HTTP: several transactions go in one tx_submitBatch; a node
 * without that method (older software, answering -32601) gets a JSON-RPC batch of tx_submit calls,
 * from then on without asking again; the answers come back in order either way.
 */
class SubmitAllTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPair ALICE = KeyPair.generate(SeededEntropy.of(61));

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void sendsSeveralTransactionsInOneSubmitBatch() throws Exception {
    NodeClient client = node(true);
    List<Transaction> txs = transfers(3);

    List<NodeClient.Submitted> answers = client.submitAll(txs);

    assertThat(requests).containsExactly("tx_submitBatch");
    assertAnswers(answers, txs);
  }

  @Test
  void fallsBackToAJsonRpcBatchForANodeWithoutSubmitBatch() throws Exception {
    NodeClient client = node(false);
    List<Transaction> txs = transfers(3);

    assertAnswers(client.submitAll(txs), txs);
    assertThat(requests).containsExactly("tx_submitBatch", "[tx_submit x3]");

    requests.clear();
    assertAnswers(client.submitAll(txs.subList(0, 2)), txs.subList(0, 2));
    assertThat(requests).as("asked once").containsExactly("[tx_submit x2]");
  }

  @Test
  void oneTransactionGoesAsATxSubmitCall() throws Exception {
    NodeClient client = node(true);
    List<Transaction> txs = transfers(1);
    assertAnswers(client.submitAll(txs), txs);
    assertThat(requests).containsExactly("[tx_submit x1]");
  }

  private static void assertAnswers(List<NodeClient.Submitted> answers, List<Transaction> txs) {
    assertThat(answers).hasSize(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      assertThat(answers.get(i).hash()).isEqualTo(txs.get(i).hash());
      // The stub refuses every second transaction, so an answer out of order shows.
      assertThat(answers.get(i).accepted()).isEqualTo(i % 2 == 0);
    }
    if (txs.size() > 1) {
      assertThat(answers.get(1).reason()).isEqualTo("BAD_NONCE");
      assertThat(answers.get(1).detail()).isEqualTo("stub");
    }
  }

  private static List<Transaction> transfers(int n) {
    List<Transaction> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          Transaction.sign(
              "stub",
              ALICE,
              i,
              new Payload.Transfer(
                  io.ledgerlab.ledger.crypto.Address.of(
                      java.util.Arrays.copyOf(Sha256.hash(new byte[] {(byte) i}).bytes(), 20)),
                  1)));
    }
    return out;
  }

  private NodeClient node(boolean knowsSubmitBatch) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", exchange -> serve(exchange, knowsSubmitBatch));
    server.start();
    return NodeClient.of("stub", "127.0.0.1:" + server.getAddress().getPort());
  }

  private void serve(HttpExchange exchange, boolean knowsSubmitBatch) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      JsonNode response;
      if (request.isArray()) {
        requests.add("[tx_submit x" + request.size() + "]");
        ArrayNode out = JSON.createArrayNode();
        // Answered in reverse: a client must match answers to calls by id.
        for (int i = request.size() - 1; i >= 0; i--) {
          JsonNode call = request.get(i);
          ObjectNode r = JSON.createObjectNode().put("jsonrpc", "2.0");
          r.set("id", call.get("id"));
          r.set("result", verdict(call.at("/params/tx").asText(), i));
          out.add(r);
        }
        response = out;
      } else {
        requests.add(request.get("method").asText());
        ObjectNode r = JSON.createObjectNode().put("jsonrpc", "2.0");
        r.set("id", request.get("id"));
        if (!knowsSubmitBatch) {
          r.putObject("error").put("code", -32601).put("message", "method not found");
        } else {
          ArrayNode results = r.putArray("result");
          JsonNode txs = request.at("/params/txs");
          for (int i = 0; i < txs.size(); i++) {
            results.add(verdict(txs.get(i).asText(), i));
          }
        }
        response = r;
      }
      byte[] body = JSON.writeValueAsBytes(response);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static ObjectNode verdict(String hex, int index) {
    String hash;
    try {
      hash = Transaction.decode(HexFormat.of().parseHex(hex)).hash().hex();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ObjectNode v = JSON.createObjectNode().put("hash", hash).put("accepted", index % 2 == 0);
    if (index % 2 != 0) {
      v.put("reason", "BAD_NONCE").put("detail", "stub");
    }
    return v;
  }
}
