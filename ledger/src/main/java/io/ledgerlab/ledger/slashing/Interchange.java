package io.ledgerlab.ledger.slashing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A signing history that moves with a key, in the spirit of EIP-3076's slashing-protection
 * interchange: {@code metadata.interchange_format_version}, {@code
 * metadata.genesis_validators_root} (here the chain's genesis hash, so a history is never applied
 * to another chain), and per validator public key its last signed position. Tendermint positions
 * (height, round, step) take the place of Ethereum's slots and epochs, so the format version is
 * Ledgerlab's own and Ethereum tools will not read it.
 *
 * <pre>{@code
 * {
 *   "metadata": {"interchange_format_version": "ledgerlab-1", "genesis_validators_root": "0x…"},
 *   "data": [
 *     {"pubkey": "0x…",
 *      "last_signed": {"height": "12", "round": "0", "step": "precommit", "block_hash": "0x…"}}
 *   ]
 * }
 * }</pre>
 */
public record Interchange(Hash genesisHash, List<Entry> entries) {
  public static final String FORMAT_VERSION = "ledgerlab-1";
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** One validator's history: the last position its key signed. */
  public record Entry(PublicKey validator, SignPosition lastSigned) {
    public Entry {
      Objects.requireNonNull(validator, "validator");
      Objects.requireNonNull(lastSigned, "lastSigned");
    }
  }

  public Interchange {
    Objects.requireNonNull(genesisHash, "genesisHash");
    entries = List.copyOf(entries);
    Set<PublicKey> seen = new HashSet<>();
    for (Entry e : entries) {
      if (!seen.add(e.validator())) {
        throw new IllegalArgumentException("two entries for validator " + e.validator().hex());
      }
    }
  }

  /** The history of {@code validator}, if this interchange has one. */
  public Optional<Entry> entry(PublicKey validator) {
    return entries.stream().filter(e -> e.validator().equals(validator)).findFirst();
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("metadata")
        .put("interchange_format_version", FORMAT_VERSION)
        .put("genesis_validators_root", "0x" + genesisHash.hex());
    ArrayNode data = root.putArray("data");
    for (Entry e : entries) {
      ObjectNode entry = data.addObject().put("pubkey", "0x" + e.validator().hex());
      SignPosition p = e.lastSigned();
      entry
          .putObject("last_signed")
          .put("height", Long.toString(p.height()))
          .put("round", Integer.toString(p.round()))
          .put("step", p.step().key())
          .put("block_hash", "0x" + p.blockHash().hex());
    }
    return root.toPrettyString() + "\n";
  }

  /**
   * Reads an interchange strictly: every field required, none unknown, one entry per validator.
   *
   * @param source how messages name the text, such as its file
   * @throws SlashingException naming the source and the field at fault
   */
  public static Interchange parse(String source, String json) throws SlashingException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SlashingException(
          source
              + ": not JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
    return new Reader(source).interchange(root);
  }

  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    Interchange interchange(JsonNode root) throws SlashingException {
      if (root == null || !root.isObject()) {
        throw new SlashingException(source + ": expected a JSON object");
      }
      only(root, "", Set.of("metadata", "data"));
      JsonNode metadata = object(root, "", "metadata");
      only(metadata, "metadata", Set.of("interchange_format_version", "genesis_validators_root"));
      String version = text(metadata, "metadata", "interchange_format_version");
      if (!version.equals(FORMAT_VERSION)) {
        throw new SlashingException(
            source
                + ": metadata.interchange_format_version: expected '"
                + FORMAT_VERSION
                + "', got '"
                + version
                + "'"
                + (version.equals("5")
                    ? " (EIP-3076's Ethereum format, with slots and epochs, not Tendermint"
                        + " positions)"
                    : ""));
      }
      Hash genesis = hash(metadata, "metadata", "genesis_validators_root");
      JsonNode data = root.get("data");
      if (data == null || !data.isArray()) {
        throw new SlashingException(source + ": data: expected an array of validators");
      }
      List<Entry> entries = new ArrayList<>();
      Set<PublicKey> seen = new HashSet<>();
      for (int i = 0; i < data.size(); i++) {
        String at = "data[" + i + "]";
        JsonNode e = data.get(i);
        if (!e.isObject()) {
          throw new SlashingException(source + ": " + at + ": expected an object");
        }
        only(e, at, Set.of("pubkey", "last_signed"));
        PublicKey key;
        String keyText = text(e, at, "pubkey");
        try {
          key = PublicKey.fromHex(keyText);
        } catch (IllegalArgumentException x) {
          throw new SlashingException(
              source + ": " + at + ".pubkey: expected an Ed25519 public key: " + x.getMessage());
        }
        if (!seen.add(key)) {
          throw new SlashingException(
              source + ": " + at + ".pubkey: a second entry for " + key.hex() + "; one per key");
        }
        entries.add(new Entry(key, position(object(e, at, "last_signed"), at + ".last_signed")));
      }
      return new Interchange(genesis, entries);
    }

    private SignPosition position(JsonNode p, String at) throws SlashingException {
      only(p, at, Set.of("height", "round", "step", "block_hash"));
      long height = number(p, at, "height", Long.MAX_VALUE);
      long round = number(p, at, "round", Integer.MAX_VALUE);
      String stepText = text(p, at, "step");
      SignPosition.Step step =
          SignPosition.Step.ofKey(stepText)
              .orElseThrow(
                  () ->
                      new SlashingException(
                          source
                              + ": "
                              + at
                              + ".step: expected propose, prevote or precommit, got '"
                              + stepText
                              + "'"));
      return new SignPosition(height, (int) round, step, hash(p, at, "block_hash"));
    }

    private long number(JsonNode parent, String at, String field, long max)
        throws SlashingException {
      JsonNode n = required(parent, at, field);
      String text = n.isTextual() ? n.asText() : n.isIntegralNumber() ? n.asText() : null;
      if (text == null || !text.matches("[0-9]{1,19}")) {
        throw new SlashingException(
            source + ": " + at + "." + field + ": expected a decimal number ≥ 0, got " + n);
      }
      try {
        long v = Long.parseLong(text);
        if (v <= max) {
          return v;
        }
      } catch (NumberFormatException e) {
        // Past a long: refused below like any value past the maximum.
      }
      throw new SlashingException(
          source + ": " + at + "." + field + ": at most " + max + ", got " + text);
    }

    private Hash hash(JsonNode parent, String at, String field) throws SlashingException {
      String text = text(parent, at, field);
      try {
        return Hash.fromHex(text);
      } catch (IllegalArgumentException e) {
        throw new SlashingException(
            source + ": " + dotted(at, field) + ": expected 32 bytes of hex: " + e.getMessage());
      }
    }

    private void only(JsonNode node, String at, Set<String> allowed) throws SlashingException {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String n = names.next();
        if (!allowed.contains(n)) {
          throw new SlashingException(
              source
                  + ": "
                  + dotted(at, n)
                  + ": unknown field; expected one of "
                  + allowed.stream().sorted().toList());
        }
      }
    }

    private JsonNode required(JsonNode parent, String at, String field) throws SlashingException {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        throw new SlashingException(source + ": " + dotted(at, field) + ": missing");
      }
      return n;
    }

    private JsonNode object(JsonNode parent, String at, String field) throws SlashingException {
      JsonNode n = required(parent, at, field);
      if (!n.isObject()) {
        throw new SlashingException(
            source + ": " + dotted(at, field) + ": expected an object, got " + n);
      }
      return n;
    }

    private String text(JsonNode parent, String at, String field) throws SlashingException {
      JsonNode n = required(parent, at, field);
      if (!n.isTextual()) {
        throw new SlashingException(
            source + ": " + dotted(at, field) + ": expected a string, got " + n);
      }
      return n.asText();
    }

    private static String dotted(String at, String field) {
      return at.isEmpty() ? field : at + "." + field;
    }
  }
}
