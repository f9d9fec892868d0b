package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.crypto.Signature;

/**
 * An ed25519 public key as root metadata lists it (specification 4.2). Its id is the SHA-256 of the
 * canonical JSON of the key object, so an id cannot be attached to another key.
 */
public record Key(PublicKey publicKey) {
  public static final String TYPE = "ed25519";

  private static final java.util.regex.Pattern LOWER_HEX_SIGNATURE =
      java.util.regex.Pattern.compile("[0-9a-f]{" + 2 * Signature.LENGTH + "}");

  public ObjectNode toJson() {
    ObjectNode o = StrictJson.MAPPER.createObjectNode();
    o.put("keytype", TYPE);
    o.put("scheme", TYPE);
    o.putObject("keyval").put("public", publicKey.hex());
    return o;
  }

  /** The key id: hex SHA-256 of the key's canonical JSON. */
  public String id() {
    return Sha256.hash(CanonicalJson.encode(toJson())).hex();
  }

  public boolean verifies(byte[] message, String signatureHex) {
    // Exactly 128 lowercase hex digits: one spelling per signature, as the repository writes it.
    if (!LOWER_HEX_SIGNATURE.matcher(signatureHex).matches()) {
      return false;
    }
    byte[] sig = Hex.decode(signatureHex);
    return Ed25519.standard().verify(publicKey, message, Signature.of(sig));
  }

  /**
   * Reads a key entry of root's {@code keys} and checks that {@code id} is the id it hashes to: an
   * id that does not match its key is refused, not trusted under either.
   */
  public static Key parse(String id, JsonNode o, String where) throws TufException {
    String type = StrictJson.text(o, "keytype", where);
    String scheme = StrictJson.text(o, "scheme", where);
    if (!TYPE.equals(type) || !TYPE.equals(scheme)) {
      throw new TufException(
          TufException.Reason.UNSUPPORTED,
          where + ": key type " + type + "/" + scheme + ": only ed25519 keys are supported");
    }
    String hex =
        StrictJson.hex(StrictJson.object(o, "keyval", where), "public", 32, where + ".keyval");
    Key key = new Key(PublicKey.fromHex(hex));
    if (!key.id().equals(id)) {
      throw new TufException(
          TufException.Reason.MALFORMED,
          where + ": key id " + id + " is not the hash of its key (" + key.id() + ")");
    }
    return key;
  }
}
