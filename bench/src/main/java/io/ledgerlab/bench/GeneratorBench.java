package io.ledgerlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ledgerlab.lab.engine.RealTimeline;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.BuiltinWorkloads;
import io.ledgerlab.lab.load.LoadGenerator;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.load.RateShape;
import io.ledgerlab.lab.load.WorkloadProvider;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;

/**
 * Can the load generator keep its rate? It drives transfers at a target rate against a no-op
 * JSON-RPC endpoint (it accepts everything, checks nothing) and prints the rate it achieved and how
 * late operations went out relative to their intended times. {@code --target reference} (the
 * default) sends the reference chain's signed transfers and calls, {@code --target ethereum}
 * EIP-1559 transfers signed with secp256k1 as {@code eth_sendRawTransaction} batches: the same
 * generator, each target's own wallet and client.
 */
public final class GeneratorBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZERO_HASH = "0".repeat(64);

  private GeneratorBench() {}

  public static void main(String[] args) throws Exception {
    double rate = Double.parseDouble(arg(args, "--rate", "20000"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "10"));
    int clients = Integer.parseInt(arg(args, "--clients", "4"));
    int batch = Integer.parseInt(arg(args, "--batch", "50"));
    String target = arg(args, "--target", Targets.DEFAULT);
    HttpServer server = noopEndpoint();
    try {
      Path dir = Files.createTempDirectory("generator-bench");
      String manifest =
          "name: bench\ntarget: "
              + target
              + "\nvalidators: 1\naccounts: 1000\n"
              + (target.equals("ethereum") ? "launch:\n  command: anvil --port {rpcPort}\n" : "");
      Network network = ManifestParser.parse("bench.yaml", manifest);
      Chain chain =
          Targets.named(target).deploy(network, new RunLayout(dir), SeededEntropy.of(1), 0);
      var workload =
          new BuiltinWorkloads.Transfer()
              .create(new WorkloadProvider.Context(chain.accounts(), 1), Map.of());
      LoadRecorder recorder = new LoadRecorder();
      RealTimeline timeline = new RealTimeline(e -> e.printStackTrace());
      Cluster cluster = new Cluster(List.of(chain.client("noop", server.getAddress())), timeline);
      LoadGenerator generator =
          new LoadGenerator(
              workload,
              cluster,
              chain.wallet(cluster),
              new History(10_000_000),
              recorder,
              new LoadGenerator.Config(
                  new RateShape.Constant(rate), clients, seconds * 1_000_000L, batch),
              timeline);
      long signStart = System.nanoTime();
      generator.presign();
      double signSeconds = (System.nanoTime() - signStart) / 1e9;
      long loadStart = System.nanoTime();
      generator.start();
      generator.awaitEnd(60_000_000);
      double elapsed = (System.nanoTime() - loadStart) / 1e9;
      timeline.close();
      long sent = recorder.acceptedTotal();
      double achieved = sent / elapsed;
      Histogram late = recorder.acceptedLatency();
      System.out.printf(
          Locale.ROOT,
          "| chain | target | achieved | off by | answered | intended → answered p50 / p99 / max | clients × batch | presign |%n"
              + "|---|---:|---:|---:|---:|---:|---:|---:|%n"
              + "| %s | %,.0f/s | %,.0f/s | %+.2f%% | %,d of %,d | %.1f / %.1f / %.1f ms | %d × %d | %.1f s |%n",
          target,
          rate,
          achieved,
          100 * (achieved - rate) / rate,
          sent,
          recorder.submittedTotal(),
          late.getValueAtPercentile(50) / 1e3,
          late.getValueAtPercentile(99) / 1e3,
          late.getMaxValue() / 1e3,
          clients,
          batch,
          signSeconds);
    } finally {
      server.stop(0);
    }
  }

  /**
   * Accepts every call: tx_submit gets "accepted", account_get a zero nonce; for Ethereum,
   * eth_sendRawTransaction a hash, eth_getTransactionCount zero, eth_chainId anvil's 31337.
   */
  private static HttpServer noopEndpoint() throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "noop-endpoint");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody());
          JsonNode response;
          if (request.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            request.forEach(r -> out.add(answer(r)));
            response = out;
          } else {
            response = answer(request);
          }
          byte[] bytes = JSON.writeValueAsBytes(response);
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
          }
        });
    server.start();
    return server;
  }

  private static ObjectNode answer(JsonNode call) {
    ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
    switch (call.path("method").asText()) {
      case "account_get" ->
          response.set(
              "result",
              JSON.createObjectNode().put("balance", 1).put("nonce", 0).put("nextNonce", 0));
      case "eth_chainId" -> response.put("result", "0x7a69");
      case "eth_getTransactionCount" -> response.put("result", "0x0");
      case "eth_sendRawTransaction" -> response.put("result", "0x" + ZERO_HASH);
      default ->
          response.set(
              "result", JSON.createObjectNode().put("hash", ZERO_HASH).put("accepted", true));
    }
    response.set("id", call.get("id"));
    return response;
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
