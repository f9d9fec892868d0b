package io.ledgerlab.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Head;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.StateAudit;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.Supply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One beacon node through the standard Beacon REST API. Its height is the number of blocks from
 * genesis up to its finalized checkpoint, found by walking parent roots; block headers never change
 * under a root, so every header read once is kept and a walk stops at the first one known.
 */
final class BeaconClient implements ChainClient {
  private static final String ZERO_ROOT = "0x" + "0".repeat(64);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration CALL = Duration.ofSeconds(5);

  /** A block header as the checks need it, with its height counted from genesis. */
  record Header(
      String root, long slot, String parent, String proposer, String stateRoot, long height) {}

  private final String node;
  private final String base;
  private final long genesisTime;
  private final int slotSeconds;
  private final Map<String, Header> headers = new ConcurrentHashMap<>();

  BeaconClient(String node, InetSocketAddress rest, long genesisTime, int slotSeconds) {
    this.node = node;
    this.base = "http://" + rest.getHostString() + ":" + rest.getPort();
    this.genesisTime = genesisTime;
    this.slotSeconds = slotSeconds;
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public List<Submitted> submit(List<SignedTx> txs) throws ClientException {
    throw new ClientException(node, "the beacon target takes no transactions");
  }

  /** The finalized checkpoint: height 0 until the chain finalizes past genesis. */
  @Override
  public Head head() throws ClientException {
    String root = finalizedRoot();
    if (root.equals(ZERO_ROOT)) {
      return new Head(0, root);
    }
    return new Head(header(root).height(), root);
  }

  /** The node's record (ENR), by which others find it. */
  String enr() throws ClientException {
    return get("/eth/v1/node/identity").path("data").path("enr").asText();
  }

  private String finalizedRoot() throws ClientException {
    return get("/eth/v1/beacon/states/head/finality_checkpoints")
        .path("data")
        .path("finalized")
        .path("root")
        .asText();
  }

  /**
   * The header at {@code root} with its height: reads headers back along parent roots until one it
   * knows or genesis (slot 0, height 0), then counts forward.
   */
  Header header(String root) throws ClientException {
    List<JsonNode> unknown = new ArrayList<>();
    String at = root;
    long height = -1;
    while (true) {
      Header known = headers.get(at);
      if (known != null) {
        height = known.height();
        break;
      }
      JsonNode h = get("/eth/v1/beacon/headers/" + at).path("data");
      JsonNode m = h.path("header").path("message");
      unknown.add(h);
      if (m.path("slot").asLong() == 0) {
        break;
      }
      at = m.path("parent_root").asText();
    }
    Collections.reverse(unknown);
    for (JsonNode h : unknown) {
      JsonNode m = h.path("header").path("message");
      height++;
      Header x =
          new Header(
              h.path("root").asText(),
              m.path("slot").asLong(),
              m.path("parent_root").asText(),
              m.path("proposer_index").asText(),
              m.path("state_root").asText(),
              height);
      headers.put(x.root(), x);
    }
    return headers.get(root);
  }

  @Override
  public List<List<String>> blockTxIds(long from, int max) throws ClientException {
    long height = head().height();
    List<List<String>> out = new ArrayList<>();
    for (long h = Math.max(1, from); h <= height && out.size() < max; h++) {
      out.add(List.of());
    }
    return out;
  }

  @Override
  public boolean read(Op.Get get) throws ClientException {
    throw new ClientException(node, "the beacon target has no key-value store to read");
  }

  /**
   * The finalized chain from the first block after genesis up: each block's root, parent, slot time
   * and proposer. Its finality was verified by the node (a supermajority of attestations), not by
   * the lab, so each proof is {@link BlockView#UNVERIFIED}.
   */
  @Override
  public List<BlockView> readChain() throws ClientException {
    String root = finalizedRoot();
    if (root.equals(ZERO_ROOT)) {
      return List.of();
    }
    List<BlockView> out = new ArrayList<>();
    Header h = header(root);
    while (h.height() > 0) {
      out.add(
          new BlockView(
              h.height(),
              h.root(),
              h.parent(),
              (genesisTime + h.slot() * slotSeconds) * 1_000_000L,
              "validator " + h.proposer(),
              h.stateRoot(),
              List.of(),
              List.of(),
              BlockView.UNVERIFIED));
      h = headers.get(h.parent());
    }
    Collections.reverse(out);
    return out;
  }

  @Override
  public StateAudit stateAudit() throws ClientException {
    throw new ClientException(node, "the beacon target offers no state audit");
  }

  @Override
  public Supply supply() throws ClientException {
    throw new ClientException(node, "the beacon target has no token supply");
  }

  private JsonNode get(String path) throws ClientException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(CALL)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ClientException(node, "GET " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException(node, "GET " + path + " interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new ClientException(
          node,
          "GET "
              + path
              + " answered "
              + response.statusCode()
              + ": "
              + abbreviate(response.body()));
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ClientException(
          node, "GET " + path + " answered no JSON: " + abbreviate(response.body()), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
