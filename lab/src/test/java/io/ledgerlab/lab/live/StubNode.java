package io.ledgerlab.lab.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * A node's JSON-RPC as the dashboard calls it, on loopback: {@code node_status}, {@code block_get}
 * (a block every 2 s of header time, certified by the signers {@link #signers} says) and, when set,
 * {@code observer_status}. Real HTTP, so the client code under test is the real one.
 */
final class StubNode implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String name;
  final String validator;
  volatile long height = 5;
  volatile String version = "v1";
  volatile JsonNode observerStatus;
  volatile Function<Long, List<String>> signers = h -> List.of();
  private final HttpServer server;

  StubNode(String name, String validator) throws IOException {
    this.name = name;
    this.validator = validator;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", this::serve);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      JsonNode response;
      if (request.isArray()) {
        ArrayNode out = JSON.createArrayNode();
        request.forEach(r -> out.add(answer(r)));
        response = out;
      } else {
        response = answer(request);
      }
      byte[] body = JSON.writeValueAsBytes(response);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private ObjectNode answer(JsonNode request) {
    ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
    out.set("id", request.get("id"));
    switch (request.path("method").asText()) {
      case "node_status" -> out.set("result", status());
      case "block_get" -> {
        long h = request.path("params").path("height").asLong();
        if (h < 1 || h > height) {
          out.putObject("error").put("code", -32004).put("message", "no block at " + h);
        } else {
          out.set("result", block(h));
        }
      }
      case "observer_status" -> {
        if (observerStatus == null) {
          out.putObject("error").put("code", -32601).put("message", "no such method");
        } else {
          out.set("result", observerStatus);
        }
      }
      default -> out.putObject("error").put("code", -32601).put("message", "no such method");
    }
    return out;
  }

  private ObjectNode status() {
    ObjectNode s =
        JSON.createObjectNode()
            .put("name", name)
            .put("version", version)
            .put("height", height)
            .put("round", 0)
            .put("healthy", true)
            .put("syncing", false)
            .put("validator", validator);
    s.putArray("peers").add("n1").add("n2");
    s.putObject("mempool").put("transactions", 3).put("bytes", 300);
    return s;
  }

  private ObjectNode block(long h) {
    ObjectNode b =
        JSON.createObjectNode()
            .put("height", h)
            .put("timeMicros", 1_000_000_000L + h * 2_000_000L)
            .put("proposer", "aa");
    ObjectNode cert = b.putObject("certificate").put("round", 0).put("blockHash", "ff");
    ArrayNode s = cert.putArray("signers");
    signers.apply(h).forEach(s::add);
    return b;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
