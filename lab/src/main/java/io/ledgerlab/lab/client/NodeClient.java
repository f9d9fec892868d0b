package io.ledgerlab.lab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.node.rpc.NodeRpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC client of one node. Every call has a timeout; a node that does not answer, or answers
 * with an error, raises {@link RpcException} with the node and the method named.
 */
public final class NodeClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String node;
  private final URI endpoint;
  private final HttpClient http;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();

  public NodeClient(String node, URI endpoint, HttpClient http, Duration timeout) {
    this.node = node;
    this.endpoint = endpoint;
    this.http = http;
    this.timeout = timeout;
  }

  public static NodeClient of(String node, String hostPort) {
    return new NodeClient(
        node,
        URI.create("http://" + hostPort + "/"),
        // HTTP/1.1: the default (HTTP/2 over cleartext) tries an upgrade the node does not speak.
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build(),
        Duration.ofSeconds(5));
  }

  public String node() {
    return node;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** What a node said about a submitted transaction. */
  public record Submitted(Hash hash, boolean accepted, String reason, String detail) {}

  public Submitted submit(Transaction tx) throws RpcException {
    ObjectNode params = JSON.createObjectNode().put("tx", HexFormat.of().formatHex(tx.encoded()));
    JsonNode r = call("tx_submit", params);
    return new Submitted(
        Hash.fromHex(r.get("hash").asText()),
        r.get("accepted").asBoolean(),
        r.path("reason").asText(null),
        r.path("detail").asText(null));
  }

  /** JSON-RPC's "method not found": a node from before {@code tx_submitBatch}. */
  private static final int METHOD_NOT_FOUND = -32601;

  /** False once this node said it has no {@code tx_submitBatch}; then batches go as arrays. */
  private volatile boolean submitBatchKnown = true;

  /**
   * Submits several transactions in one call; the answers in the same order. Several at once go in
   * one {@code tx_submitBatch}, which the node admits in one visit to its event loop; a node that
   * lacks the method (older software) gets a JSON-RPC batch of {@code tx_submit} calls instead. A
   * call the node answered with an error comes back as not accepted, with the error as the reason.
   */
  public List<Submitted> submitAll(List<Transaction> txs) throws RpcException {
    if (txs.size() > 1 && txs.size() <= NodeRpc.SUBMIT_BATCH_MAX && submitBatchKnown) {
      ArrayNode hex = JSON.createArrayNode();
      for (Transaction tx : txs) {
        hex.add(HexFormat.of().formatHex(tx.encoded()));
      }
      try {
        JsonNode r = call("tx_submitBatch", JSON.createObjectNode().set("txs", hex));
        if (!r.isArray() || r.size() != txs.size()) {
          throw new RpcException(
              node,
              "tx_submitBatch",
              0,
              txs.size() + " transactions, answers: " + abbreviate(r.toString()));
        }
        List<Submitted> out = new ArrayList<>(txs.size());
        for (JsonNode a : r) {
          out.add(submitted(a));
        }
        return out;
      } catch (RpcException e) {
        if (e.code() != METHOD_NOT_FOUND) {
          throw e;
        }
        submitBatchKnown = false;
      }
    }
    List<JsonNode> params = new ArrayList<>(txs.size());
    for (Transaction tx : txs) {
      params.add(JSON.createObjectNode().put("tx", HexFormat.of().formatHex(tx.encoded())));
    }
    List<JsonNode> results = callBatch("tx_submit", params);
    List<Submitted> out = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      JsonNode r = results.get(i);
      if (r.has("error")) {
        out.add(
            new Submitted(
                txs.get(i).hash(), false, "RPC_ERROR", r.get("error").path("message").asText()));
      } else {
        out.add(submitted(r));
      }
    }
    return out;
  }

  private static Submitted submitted(JsonNode r) {
    return new Submitted(
        Hash.fromHex(r.get("hash").asText()),
        r.get("accepted").asBoolean(),
        r.path("reason").asText(null),
        r.path("detail").asText(null));
  }

  /** A chain-code query's answer: the result bytes, or an error code. */
  public record QueryResult(boolean ok, byte[] result, String code) {}

  public QueryResult query(String chainCode, String method, byte[] args) throws RpcException {
    JsonNode r =
        call(
            "chaincode_query",
            JSON.createObjectNode()
                .put("chainCode", chainCode)
                .put("method", method)
                .put("args", HexFormat.of().formatHex(args)));
    return r.path("ok").asBoolean()
        ? new QueryResult(true, HexFormat.of().parseHex(r.path("result").asText()), null)
        : new QueryResult(false, new byte[0], r.path("code").asText());
  }

  /**
   * The transaction hashes of the committed blocks from {@code from} on, at most {@code max}, in
   * one batch call; stops at the first height the node does not have yet.
   */
  public List<List<Hash>> blockTxs(long from, int max) throws RpcException {
    List<JsonNode> params = new ArrayList<>();
    for (long h = from; h < from + max; h++) {
      params.add(JSON.createObjectNode().put("height", h).put("encoded", false));
    }
    List<List<Hash>> out = new ArrayList<>();
    for (JsonNode r : callBatch("block_get", params)) {
      if (r.has("error")) {
        break;
      }
      List<Hash> txs = new ArrayList<>();
      r.path("txs").forEach(t -> txs.add(Hash.fromHex(t.asText())));
      out.add(txs);
    }
    return out;
  }

  /** A transaction's status: committed (with height), pending, or unknown. */
  public record TxStatus(String status, long height, boolean ok) {
    public boolean committed() {
      return "committed".equals(status);
    }
  }

  public TxStatus tx(Hash hash) throws RpcException {
    JsonNode r = call("tx_get", JSON.createObjectNode().put("hash", hash.hex()));
    return new TxStatus(
        r.get("status").asText(),
        r.path("height").asLong(-1),
        r.path("receipt").path("ok").asBoolean(false));
  }

  /** A committed transaction's receipt and the height of its block. */
  public record CommittedReceipt(long height, io.ledgerlab.ledger.block.Receipt receipt) {}

  /** The receipt of a committed transaction, or empty while it is pending or unknown. */
  public Optional<CommittedReceipt> receipt(Hash hash) throws RpcException {
    JsonNode r = call("tx_get", JSON.createObjectNode().put("hash", hash.hex()));
    if (!"committed".equals(r.path("status").asText())) {
      return Optional.empty();
    }
    String encoded = r.path("receipt").path("encoded").asText("");
    try {
      List<io.ledgerlab.ledger.block.Receipt> receipts =
          io.ledgerlab.ledger.block.Receipt.decodeAll(HexFormat.of().parseHex(encoded));
      if (receipts.size() != 1) {
        throw new RpcException(node, "tx_get", 0, receipts.size() + " receipts, expected one");
      }
      return Optional.of(new CommittedReceipt(r.path("height").asLong(), receipts.get(0)));
    } catch (DecodeException | IllegalArgumentException e) {
      throw new RpcException(node, "tx_get", 0, "a receipt that does not decode: " + e);
    }
  }

  /** The head of the node's chain. */
  public record Head(long height, Hash hash, Hash stateRoot) {}

  public Head head() throws RpcException {
    JsonNode r = call("chain_head", null);
    return new Head(
        r.get("height").asLong(),
        Hash.fromHex(r.get("hash").asText()),
        Hash.fromHex(r.get("stateRoot").asText()));
  }

  /** The committed block at {@code height}, decoded from its canonical bytes, or empty. */
  public Optional<Block> block(long height) throws RpcException {
    return certifiedBlock(height).map(CertifiedBlock::block);
  }

  /** A committed block and, when the node holds it, the certificate that proves it. */
  public record CertifiedBlock(Block block, Optional<CommitCertificate> certificate) {}

  /** The committed block at {@code height} with its certificate, or empty. */
  public Optional<CertifiedBlock> certifiedBlock(long height) throws RpcException {
    JsonNode r;
    try {
      r = call("block_get", JSON.createObjectNode().put("height", height));
    } catch (RpcException e) {
      if (e.code() == -32004) {
        return Optional.empty();
      }
      throw e;
    }
    try {
      Block block = Block.decode(HexFormat.of().parseHex(r.get("encoded").asText()));
      Optional<CommitCertificate> cert = Optional.empty();
      if (r.hasNonNull("certificateEncoded")) {
        Decoder in = new Decoder(HexFormat.of().parseHex(r.get("certificateEncoded").asText()));
        cert = Optional.of(CommitCertificate.decodeFrom(in, "certificate"));
        in.end("certificate");
      }
      return Optional.of(new CertifiedBlock(block, cert));
    } catch (DecodeException | IllegalArgumentException e) {
      throw new RpcException(
          node, "block_get", 0, "block " + height + " does not decode: " + e.getMessage());
    }
  }

  /** The head's state root and the root rebuilt from the node's stored state. */
  public record StateRoots(long height, Hash head, Hash rebuilt) {}

  public StateRoots stateAudit() throws RpcException {
    JsonNode r = call("lab_stateAudit", null);
    return new StateRoots(
        r.get("height").asLong(),
        Hash.fromHex(r.get("headStateRoot").asText()),
        Hash.fromHex(r.get("rebuiltStateRoot").asText()));
  }

  /** An account's balance, committed nonce, and the next nonce this node expects. */
  public record AccountView(long balance, long nonce, long nextNonce) {}

  public AccountView account(Address address) throws RpcException {
    JsonNode r = call("account_get", JSON.createObjectNode().put("address", address.hex()));
    return new AccountView(
        r.get("balance").asLong(), r.get("nonce").asLong(), r.get("nextNonce").asLong());
  }

  public JsonNode status() throws RpcException {
    return call("node_status", null);
  }

  public void setClockOffset(long micros) throws RpcException {
    call("lab_setClockOffset", JSON.createObjectNode().put("micros", micros));
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }

  /** Calls {@code method} and returns its result. */
  public JsonNode call(String method, JsonNode params) throws RpcException {
    JsonNode body = post(method, request(method, params));
    if (body.has("error")) {
      JsonNode error = body.get("error");
      throw new RpcException(
          node, method, error.path("code").asInt(), error.path("message").asText());
    }
    JsonNode result = body.get("result");
    if (result == null || result.isNull()) {
      throw new RpcException(
          node, method, 0, "not a JSON-RPC answer: " + abbreviate(body.toString()));
    }
    return result;
  }

  /**
   * Calls {@code method} once per params in one batch; each element is the call's result, or an
   * object with {@code error} when that call failed.
   */
  public List<JsonNode> callBatch(String method, List<JsonNode> params) throws RpcException {
    if (params.isEmpty()) {
      return List.of();
    }
    com.fasterxml.jackson.databind.node.ArrayNode batch = JSON.createArrayNode();
    java.util.Map<Long, Integer> positions = new java.util.HashMap<>();
    for (JsonNode p : params) {
      ObjectNode r = request(method, p);
      positions.put(r.get("id").asLong(), positions.size());
      batch.add(r);
    }
    JsonNode body = post(method, batch);
    if (!body.isArray()) {
      throw new RpcException(
          node,
          method,
          body.path("error").path("code").asInt(),
          body.path("error").path("message").asText("not a batch answer"));
    }
    JsonNode[] byPosition = new JsonNode[params.size()];
    for (JsonNode r : body) {
      Integer i = positions.get(r.path("id").asLong(-1));
      if (i != null) {
        byPosition[i] = r.has("error") ? r : r.get("result");
      }
    }
    List<JsonNode> out = new ArrayList<>(params.size());
    for (JsonNode r : byPosition) {
      out.add(
          r == null
              ? JSON.createObjectNode()
                  .set("error", JSON.createObjectNode().put("message", "no answer"))
              : r);
    }
    return out;
  }

  private ObjectNode request(String method, JsonNode params) {
    ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      request.set("params", params);
    }
    request.put("id", ids.incrementAndGet());
    return request;
  }

  private JsonNode post(String method, JsonNode request) throws RpcException {
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(timeout)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RpcException(node, method, 0, "unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(node, method, 0, "interrupted");
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new RpcException(node, method, 0, "HTTP " + response.statusCode() + ", not JSON");
    }
  }
}
