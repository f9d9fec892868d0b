package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A metadata file: the {@code signed} object and its {@code signatures} (specification 4.2), with
 * the header every role has — type, version, expiry.
 */
public record Envelope(
    Role type, long version, Instant expires, JsonNode signed, List<Sig> signatures, String where) {
  /** The specification version this client writes and reads (major 1). */
  public static final String SPEC_VERSION = "1.0.31";

  /** One signature: the signing key's id and the signature over the canonical {@code signed}. */
  public record Sig(String keyId, String sigHex) {}

  public Envelope {
    signatures = List.copyOf(signatures);
  }

  /** Parses a metadata file and checks it is of {@code expected}'s type. */
  public static Envelope parse(byte[] bytes, Role expected, String where) throws TufException {
    JsonNode doc = StrictJson.parse(bytes, where);
    JsonNode signed = StrictJson.object(doc, "signed", where);
    JsonNode sigs = StrictJson.array(doc, "signatures", where);
    List<Sig> list = new ArrayList<>();
    for (JsonNode s : sigs) {
      if (!s.isObject()) {
        throw StrictJson.malformed(where, "signatures", "expected objects");
      }
      list.add(
          new Sig(
              StrictJson.text(s, "keyid", where + ".signatures"),
              StrictJson.text(s, "sig", where + ".signatures")));
    }
    String type = StrictJson.text(signed, "_type", where + ".signed");
    if (!expected.key().equals(type)) {
      throw StrictJson.malformed(
          where, "signed._type", "expected " + expected.key() + ", got " + type);
    }
    String spec = StrictJson.text(signed, "spec_version", where + ".signed");
    if (!spec.startsWith("1.")) {
      throw new TufException(
          TufException.Reason.UNSUPPORTED,
          where + ": spec_version " + spec + ": this client reads specification 1.x");
    }
    long version = StrictJson.positive(signed, "version", where + ".signed");
    Instant expires = StrictJson.expires(signed, "expires", where + ".signed");
    try {
      CanonicalJson.encode(signed);
    } catch (IllegalArgumentException e) {
      // Specification 4.2: signatures cover the canonical JSON of signed, which has no fractions
      // (1.5, 2.0, 1e3); without this check one escapes from verify as an unchecked exception.
      throw StrictJson.malformed(where, "signed", "not canonical JSON: " + e.getMessage());
    }
    return new Envelope(expected, version, expires, signed, list, where);
  }

  /** The bytes every signature covers. */
  public byte[] canonicalSigned() {
    return CanonicalJson.encode(signed);
  }

  /**
   * Checks that at least {@code role.threshold()} distinct keys of {@code role} signed (5.3.4,
   * 5.4.2, 5.5.3, 5.6.3). A key id signing twice counts once; a signature by a key the role does
   * not list (unknown, or removed from the role) counts for nothing.
   */
  public void verify(RoleKeys role, Map<String, Key> keys, String whose) throws TufException {
    int valid = validSignatures(role, keys);
    if (valid < role.threshold()) {
      throw new TufException(
          TufException.Reason.THRESHOLD,
          where
              + ": "
              + valid
              + " valid signature(s) by "
              + whose
              + "'s keys, threshold "
              + role.threshold());
    }
  }

  /** How many distinct keys of {@code role} made a valid signature (what a threshold counts). */
  public int validSignatures(RoleKeys role, Map<String, Key> keys) {
    byte[] message = canonicalSigned();
    Set<String> valid = new HashSet<>();
    for (Sig s : signatures) {
      Key key = keys.get(s.keyId());
      if (key != null && role.keyIds().contains(s.keyId()) && key.verifies(message, s.sigHex())) {
        valid.add(s.keyId());
      }
    }
    return valid.size();
  }

  /** Refuses a document that expired at or before {@code now} (5.3.10, 5.4.4, 5.5.6, 5.6.5). */
  public void checkNotExpired(Instant now) throws TufException {
    if (!expires.isAfter(now)) {
      throw new TufException(
          TufException.Reason.EXPIRED,
          where + ": expired at " + expires + " (the update started at " + now + ")");
    }
  }

  /** Signs {@code signed} with each key and writes the file, pretty-printed. */
  public static byte[] sign(ObjectNode signed, List<KeyPair> keys) {
    ObjectNode doc = StrictJson.MAPPER.createObjectNode();
    doc.set("signed", signed);
    ArrayNode sigs = doc.putArray("signatures");
    byte[] message = CanonicalJson.encode(signed);
    for (KeyPair k : keys) {
      sigs.addObject().put("keyid", new Key(k.publicKey()).id()).put("sig", k.sign(message).hex());
    }
    return write(doc);
  }

  /** Adds signatures to an existing file (a threshold of offline keys signs one at a time). */
  public static byte[] addSignatures(byte[] file, List<KeyPair> keys) throws TufException {
    JsonNode doc = StrictJson.parse(file, "metadata");
    ObjectNode signed = (ObjectNode) StrictJson.object(doc, "signed", "metadata");
    byte[] message = CanonicalJson.encode(signed);
    ArrayNode sigs = ((ObjectNode) doc).withArray("signatures");
    for (KeyPair k : keys) {
      String id = new Key(k.publicKey()).id();
      for (int i = sigs.size() - 1; i >= 0; i--) {
        if (id.equals(sigs.get(i).path("keyid").asText())) {
          sigs.remove(i);
        }
      }
      sigs.addObject().put("keyid", id).put("sig", k.sign(message).hex());
    }
    return write(doc);
  }

  /** The header every role's {@code signed} starts with. */
  public static ObjectNode header(Role type, long version, Instant expires) {
    ObjectNode o = StrictJson.MAPPER.createObjectNode();
    o.put("_type", type.key());
    o.put("spec_version", SPEC_VERSION);
    o.put("version", version);
    o.put("expires", expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    return o;
  }

  private static byte[] write(JsonNode doc) {
    try {
      return (StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
