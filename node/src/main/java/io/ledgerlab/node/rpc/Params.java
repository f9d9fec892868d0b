package io.ledgerlab.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;

/**
 * A request's params, by name (an object) or by position (an array), with typed reads whose errors
 * name the parameter, what was expected and what came.
 */
public final class Params {
  private final JsonNode node;

  Params(JsonNode node) {
    this.node = node;
  }

  private JsonNode get(String name, int position) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      return node.get(name);
    }
    return node.has(position) ? node.get(position) : null;
  }

  public String string(String name, int position) throws RpcError {
    JsonNode v = required(name, position);
    if (!v.isTextual()) {
      throw RpcError.invalidParams("'" + name + "' must be a string, got " + v.getNodeType());
    }
    return v.asText();
  }

  public long nonNegativeLong(String name, int position) throws RpcError {
    JsonNode v = required(name, position);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw RpcError.invalidParams("'" + name + "' must be an integer ≥ 0, got " + v);
    }
    return v.asLong();
  }

  public long anyLong(String name, int position) throws RpcError {
    JsonNode v = required(name, position);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw RpcError.invalidParams("'" + name + "' must be an integer, got " + v);
    }
    return v.asLong();
  }

  /** A hex string of exactly {@code bytes} bytes, or any length when {@code bytes} is 0. */
  public byte[] hex(String name, int position, int bytes) throws RpcError {
    String text = string(name, position);
    String expected = bytes == 0 ? "hex" : (bytes * 2) + " hex characters";
    if ((bytes != 0 && text.length() != bytes * 2)
        || text.length() % 2 != 0
        || !text.chars().allMatch(HexFormat::isHexDigit)) {
      throw RpcError.invalidParams(
          "'" + name + "' must be " + expected + ", got " + abbreviate(text));
    }
    return HexFormat.of().parseHex(text);
  }

  /** A JSON array of 1 to {@code max} elements. */
  public JsonNode array(String name, int position, int max) throws RpcError {
    JsonNode v = required(name, position);
    if (!v.isArray() || v.isEmpty() || v.size() > max) {
      throw RpcError.invalidParams(
          "'"
              + name
              + "' must be an array of 1 to "
              + max
              + " elements, got "
              + (v.isArray() ? v.size() + " elements" : v.getNodeType().toString()));
    }
    return v;
  }

  /** The elements of an array parameter as params by position, e.g. from {@link #array}. */
  public static Params of(JsonNode array) {
    return new Params(array);
  }

  /** An optional boolean, {@code fallback} when absent. */
  public boolean optionalBoolean(String name, int position, boolean fallback) throws RpcError {
    JsonNode v = get(name, position);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw RpcError.invalidParams("'" + name + "' must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  private JsonNode required(String name, int position) throws RpcError {
    JsonNode v = get(name, position);
    if (v == null || v.isNull()) {
      throw RpcError.invalidParams("missing '" + name + "'");
    }
    return v;
  }

  private static String abbreviate(String text) {
    return text.length() <= 24 ? "'" + text + "'" : "'" + text.substring(0, 24) + "…'";
  }
}
