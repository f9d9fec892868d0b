package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What snapshot says of targets, or timestamp of snapshot (specification 4.4, 4.6): the version,
 * and optionally the length and SHA-256 of the file.
 */
public record MetaFile(long version, Optional<Long> length, Optional<String> sha256) {
  public ObjectNode toJson() {
    ObjectNode o = StrictJson.MAPPER.createObjectNode();
    o.put("version", version);
    length.ifPresent(l -> o.put("length", l));
    sha256.ifPresent(h -> o.putObject("hashes").put("sha256", h));
    return o;
  }

  public static MetaFile parse(JsonNode o, String where) throws TufException {
    long version = StrictJson.positive(o, "version", where);
    Optional<Long> length =
        o.has("length") ? Optional.of(StrictJson.length(o, "length", where)) : Optional.empty();
    Optional<String> sha = Optional.empty();
    if (o.has("hashes")) {
      sha = Optional.of(Hashes.sha256(StrictJson.object(o, "hashes", where), where));
    }
    return new MetaFile(version, length, sha);
  }
}
