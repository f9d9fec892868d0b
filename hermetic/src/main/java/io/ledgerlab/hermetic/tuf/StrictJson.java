package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads untrusted JSON strictly: a duplicate key, trailing data, malformed UTF-8 or nesting deeper
 * than a metadata file needs is an error, never a last-one-wins. Typed field readers name the file
 * and the field in every message.
 */
public final class StrictJson {
  /** Deep enough for any metadata or instruction; far below what would exhaust a stack. */
  private static final int MAX_DEPTH = 32;

  private static final Pattern EXPIRES =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private StrictJson() {}

  /** Parses {@code bytes} as one JSON object. */
  public static JsonNode parse(byte[] bytes, String where) throws TufException {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new TufException(
          TufException.Reason.MALFORMED, where + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new TufException(TufException.Reason.MALFORMED, where + ": unreadable: " + e, e);
    }
    if (node == null || !node.isObject()) {
      throw new TufException(TufException.Reason.MALFORMED, where + ": expected a JSON object");
    }
    return node;
  }

  public static JsonNode object(JsonNode parent, String field, String where) throws TufException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw malformed(where, field, "expected an object");
    }
    return n;
  }

  public static JsonNode array(JsonNode parent, String field, String where) throws TufException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isArray()) {
      throw malformed(where, field, "expected an array");
    }
    return n;
  }

  public static String text(JsonNode parent, String field, String where) throws TufException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual()) {
      throw malformed(where, field, "expected a string");
    }
    return n.textValue();
  }

  /** A positive integer that fits a long: versions, lengths, thresholds. */
  public static long positive(JsonNode parent, String field, String where) throws TufException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1) {
      throw malformed(where, field, "expected a positive integer");
    }
    return n.longValue();
  }

  /** A length: a non-negative integer (an empty file has length 0). */
  public static long length(JsonNode parent, String field, String where) throws TufException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw malformed(where, field, "expected a non-negative integer");
    }
    return n.longValue();
  }

  public static boolean bool(JsonNode parent, String field, String where) throws TufException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isBoolean()) {
      throw malformed(where, field, "expected true or false");
    }
    return n.booleanValue();
  }

  /** An expiry as the specification writes it: {@code 2030-01-01T00:00:00Z}. */
  public static Instant expires(JsonNode parent, String field, String where) throws TufException {
    String s = text(parent, field, where);
    if (!EXPIRES.matcher(s).matches()) {
      throw malformed(where, field, "expected a UTC time such as 2030-01-01T00:00:00Z, got " + s);
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw malformed(where, field, "not a valid time: " + s);
    }
  }

  /** A lowercase hex string of exactly {@code bytes} bytes. */
  public static String hex(JsonNode parent, String field, int bytes, String where)
      throws TufException {
    String s = text(parent, field, where);
    if (s.length() != 2 * bytes
        || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw malformed(where, field, "expected " + bytes + " bytes in lowercase hex");
    }
    return s;
  }

  public static TufException malformed(String where, String field, String what) {
    return new TufException(TufException.Reason.MALFORMED, where + ": " + field + ": " + what);
  }
}
