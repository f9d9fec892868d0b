package io.ledgerlab.ledger.crypto.keystore;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.ledger.crypto.Hex;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a keystore's JSON tree field by field. Every error names the source and the field in
 * EIP-2335's dotted spelling ({@code crypto.kdf.params.n}), says what was expected and what was
 * found.
 */
final class KeystoreReader {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int SALT_BYTES_MAX = 1024;

  private final String source;

  KeystoreReader(String source) {
    this.source = source;
  }

  Keystore keystore(JsonNode root) throws KeystoreException {
    requireObject(root, "the document");
    only(
        root,
        "",
        Set.of(
            "crypto",
            "description",
            "pubkey",
            "path",
            "uuid",
            "version",
            "name",
            "role",
            "created"));
    JsonNode version = required(root, "", "version");
    if (!version.isIntegralNumber() || version.asLong() != Keystore.VERSION) {
      throw fail("version", "4 (EIP-2335)", version);
    }
    JsonNode crypto = object(root, "", "crypto");
    only(crypto, "crypto", Set.of("kdf", "checksum", "cipher"));

    JsonNode kdfNode = object(crypto, "crypto", "kdf");
    only(kdfNode, "crypto.kdf", Set.of("function", "params", "message"));
    emptyMessage(kdfNode, "crypto.kdf");
    String function = text(kdfNode, "crypto.kdf", "function");
    JsonNode params = object(kdfNode, "crypto.kdf", "params");
    Kdf kdf;
    if (function.equals("scrypt")) {
      only(params, "crypto.kdf.params", Set.of("dklen", "n", "r", "p", "salt"));
      dklen(params);
      int n = integer(params, "crypto.kdf.params", "n");
      int r = integer(params, "crypto.kdf.params", "r");
      int p = integer(params, "crypto.kdf.params", "p");
      try {
        kdf = new Kdf.Scrypt(n, r, p);
      } catch (IllegalArgumentException e) {
        throw new KeystoreException(source + ": crypto.kdf.params." + e.getMessage());
      }
    } else if (function.equals("pbkdf2")) {
      only(params, "crypto.kdf.params", Set.of("dklen", "c", "prf", "salt"));
      dklen(params);
      String prf = text(params, "crypto.kdf.params", "prf");
      if (!prf.equals("hmac-sha256")) {
        throw new KeystoreException(
            source + ": crypto.kdf.params.prf: expected hmac-sha256, got '" + prf + "'");
      }
      int c = integer(params, "crypto.kdf.params", "c");
      try {
        kdf = new Kdf.Pbkdf2(c);
      } catch (IllegalArgumentException e) {
        throw new KeystoreException(source + ": crypto.kdf.params." + e.getMessage());
      }
    } else {
      throw new KeystoreException(
          source + ": crypto.kdf.function: expected scrypt or pbkdf2, got '" + function + "'");
    }
    byte[] salt = hex(params, "crypto.kdf.params", "salt");
    if (salt.length == 0 || salt.length > SALT_BYTES_MAX) {
      throw new KeystoreException(
          source
              + ": crypto.kdf.params.salt: expected 1-"
              + SALT_BYTES_MAX
              + " bytes, got "
              + salt.length);
    }

    JsonNode check = object(crypto, "crypto", "checksum");
    only(check, "crypto.checksum", Set.of("function", "params", "message"));
    String checkFunction = text(check, "crypto.checksum", "function");
    if (!checkFunction.equals("sha256")) {
      throw new KeystoreException(
          source + ": crypto.checksum.function: expected sha256, got '" + checkFunction + "'");
    }
    JsonNode checkParams = object(check, "crypto.checksum", "params");
    only(checkParams, "crypto.checksum.params", Set.of());
    byte[] checksum = hex(check, "crypto.checksum", "message");
    length(checksum, Keystore.checksumBytes(), "crypto.checksum.message");

    JsonNode cipher = object(crypto, "crypto", "cipher");
    only(cipher, "crypto.cipher", Set.of("function", "params", "message"));
    String cipherFunction = text(cipher, "crypto.cipher", "function");
    if (!cipherFunction.equals("aes-128-ctr")) {
      throw new KeystoreException(
          source + ": crypto.cipher.function: expected aes-128-ctr, got '" + cipherFunction + "'");
    }
    JsonNode cipherParams = object(cipher, "crypto.cipher", "params");
    only(cipherParams, "crypto.cipher.params", Set.of("iv"));
    byte[] iv = hex(cipherParams, "crypto.cipher.params", "iv");
    length(iv, Keystore.IV_BYTES, "crypto.cipher.params.iv");
    byte[] cipherMessage = hex(cipher, "crypto.cipher", "message");
    if (cipherMessage.length == 0) {
      throw new KeystoreException(
          source + ": crypto.cipher.message: expected the secret, got none");
    }

    Optional<String> pubkey = optionalText(root, "pubkey");
    if (pubkey.isPresent()) {
      hex(root, "", "pubkey");
    }
    String path = text(root, "", "path");
    String uuid = text(root, "", "uuid");
    if (!UUID.matcher(uuid).matches()) {
      throw new KeystoreException(
          source
              + ": uuid: expected a UUID such as 1d85ae20-35c5-4611-98e8-aa14a633906f, got '"
              + uuid
              + "'");
    }
    Optional<String> name = optionalText(root, "name");
    if (name.isPresent() && !Label.NAME.matcher(name.get()).matches()) {
      throw new KeystoreException(
          source
              + ": name: expected 1-64 letters, digits, _ . - (not starting with a dot), got '"
              + name.get()
              + "'");
    }
    Optional<String> roleText = optionalText(root, "role");
    Optional<Role> role = Optional.empty();
    if (roleText.isPresent()) {
      role = Role.of(roleText.get());
      if (role.isEmpty()) {
        throw new KeystoreException(
            source + ": role: expected one of " + Role.keys() + ", got '" + roleText.get() + "'");
      }
    }
    Optional<Instant> created = Optional.empty();
    Optional<String> createdText = optionalText(root, "created");
    if (createdText.isPresent()) {
      try {
        created = Optional.of(Instant.parse(createdText.get()));
      } catch (DateTimeParseException e) {
        throw new KeystoreException(
            source
                + ": created: expected a UTC time such as 2025-01-31T12:00:00Z, got '"
                + createdText.get()
                + "'");
      }
    }
    return new Keystore(
        source,
        kdf,
        salt,
        checksum,
        iv,
        cipherMessage,
        pubkey,
        path,
        uuid,
        optionalText(root, "description"),
        name,
        role,
        created);
  }

  private void dklen(JsonNode params) throws KeystoreException {
    int dklen = integer(params, "crypto.kdf.params", "dklen");
    if (dklen != Kdf.DERIVED_KEY_BYTES) {
      throw new KeystoreException(
          source + ": crypto.kdf.params.dklen: expected 32 (EIP-2335), got " + dklen);
    }
  }

  private void emptyMessage(JsonNode kdfNode, String at) throws KeystoreException {
    String message = text(kdfNode, at, "message");
    if (!message.isEmpty()) {
      throw new KeystoreException(
          source + ": " + at + ".message: expected an empty string, got '" + message + "'");
    }
  }

  private void length(byte[] bytes, int expected, String field) throws KeystoreException {
    if (bytes.length != expected) {
      throw new KeystoreException(
          source + ": " + field + ": expected " + expected + " bytes, got " + bytes.length);
    }
  }

  private void requireObject(JsonNode node, String what) throws KeystoreException {
    if (node == null || !node.isObject()) {
      throw new KeystoreException(
          source + ": " + what + ": expected a JSON object, got " + kind(node));
    }
  }

  /** Refuses a field nobody reads: a misspelt one would otherwise be silently ignored. */
  private void only(JsonNode node, String at, Set<String> allowed) throws KeystoreException {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!allowed.contains(n)) {
        unknown.add(n);
      }
    }
    if (!unknown.isEmpty()) {
      throw new KeystoreException(
          source
              + ": "
              + dotted(at, unknown.get(0))
              + ": unknown field; expected "
              + (allowed.isEmpty() ? "none" : "one of " + allowed.stream().sorted().toList()));
    }
  }

  private JsonNode required(JsonNode parent, String at, String field) throws KeystoreException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw new KeystoreException(source + ": " + dotted(at, field) + ": missing");
    }
    return node;
  }

  private JsonNode object(JsonNode parent, String at, String field) throws KeystoreException {
    JsonNode node = required(parent, at, field);
    if (!node.isObject()) {
      throw fail(dotted(at, field), "an object", node);
    }
    return node;
  }

  private String text(JsonNode parent, String at, String field) throws KeystoreException {
    JsonNode node = required(parent, at, field);
    if (!node.isTextual()) {
      throw fail(dotted(at, field), "a string", node);
    }
    return node.asText();
  }

  private Optional<String> optionalText(JsonNode parent, String field) throws KeystoreException {
    JsonNode node = parent.get(field);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw fail(field, "a string", node);
    }
    return Optional.of(node.asText());
  }

  private int integer(JsonNode parent, String at, String field) throws KeystoreException {
    JsonNode node = required(parent, at, field);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw fail(dotted(at, field), "an integer", node);
    }
    return node.asInt();
  }

  private byte[] hex(JsonNode parent, String at, String field) throws KeystoreException {
    String text = text(parent, at, field);
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw new KeystoreException(
          source + ": " + dotted(at, field) + ": expected hex: " + e.getMessage());
    }
  }

  private KeystoreException fail(String field, String expected, JsonNode got) {
    return new KeystoreException(
        source + ": " + field + ": expected " + expected + ", got " + kind(got));
  }

  private static String kind(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    String text = node.toString();
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }

  private static String dotted(String at, String field) {
    return at.isEmpty() ? field : at + "." + field;
  }
}
