package io.ledgerlab.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * JSON-RPC 2.0 over any byte transport: parses a request or a batch, dispatches each call to its
 * method, and turns every failure — unparsable JSON, a malformed request, an unknown method, bad
 * params, a method that throws — into an error response. Nothing a client sends escapes as an
 * exception.
 */
public final class JsonRpc {
  /** One method: reads its params, returns its result. */
  @FunctionalInterface
  public interface Method {
    JsonNode call(Params params) throws RpcError;
  }

  /** The most calls one batch may carry. */
  public static final int BATCH_CALLS_MAX = 100;

  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, Method> methods;

  public JsonRpc(Map<String, Method> methods) {
    this.methods = Map.copyOf(methods);
  }

  /** The response to {@code body}, or empty when it held only notifications. */
  public Optional<byte[]> handle(byte[] body) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      return Optional.of(bytes(error(null, RpcError.PARSE_ERROR, "parse error: " + reason(e))));
    }
    if (request == null || request.isMissingNode()) {
      return Optional.of(bytes(error(null, RpcError.INVALID_REQUEST, "empty request")));
    }
    if (!request.isArray()) {
      return call(request).map(JsonRpc::bytes);
    }
    if (request.isEmpty() || request.size() > BATCH_CALLS_MAX) {
      return Optional.of(
          bytes(
              error(
                  null,
                  RpcError.INVALID_REQUEST,
                  "a batch holds 1 to " + BATCH_CALLS_MAX + " calls, got " + request.size())));
    }
    ArrayNode responses = NODES.arrayNode();
    for (JsonNode r : request) {
      call(r).ifPresent(responses::add);
    }
    return responses.isEmpty() ? Optional.empty() : Optional.of(bytes(responses));
  }

  private Optional<JsonNode> call(JsonNode request) {
    if (!request.isObject()) {
      return Optional.of(error(null, RpcError.INVALID_REQUEST, "a call must be a JSON object"));
    }
    JsonNode id = request.get("id");
    boolean notification = id == null;
    if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
      return Optional.of(
          error(null, RpcError.INVALID_REQUEST, "'id' must be a string, a number or null"));
    }
    try {
      JsonNode version = request.get("jsonrpc");
      if (version == null || !version.isTextual() || !"2.0".equals(version.asText())) {
        throw new RpcError(RpcError.INVALID_REQUEST, "'jsonrpc' must be \"2.0\"");
      }
      JsonNode name = request.get("method");
      if (name == null || !name.isTextual()) {
        throw new RpcError(RpcError.INVALID_REQUEST, "'method' must be a string");
      }
      JsonNode params = request.get("params");
      if (params != null && !(params.isObject() || params.isArray())) {
        throw new RpcError(RpcError.INVALID_REQUEST, "'params' must be an object or an array");
      }
      Method method = methods.get(name.asText());
      if (method == null) {
        throw new RpcError(
            RpcError.METHOD_NOT_FOUND,
            "method '" + abbreviate(name.asText()) + "' not found; methods: " + methodNames());
      }
      JsonNode result = method.call(new Params(params));
      if (notification) {
        return Optional.empty();
      }
      ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
      response.set("result", result);
      response.set("id", id);
      return Optional.of(response);
    } catch (RpcError e) {
      return notification ? Optional.empty() : Optional.of(error(id, e.code(), e.getMessage()));
    } catch (RuntimeException e) {
      return notification
          ? Optional.empty()
          : Optional.of(error(id, RpcError.INTERNAL_ERROR, "internal error: " + e));
    }
  }

  private String methodNames() {
    return new java.util.TreeSet<>(methods.keySet()).toString();
  }

  static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
    response.putObject("error").put("code", code).put("message", message);
    response.set("id", id == null ? NODES.nullNode() : id);
    return response;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static String reason(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
