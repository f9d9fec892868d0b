package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A target as targets metadata lists it (specification 4.5): its length, its SHA-256 and the
 * repository's custom metadata about it (for the feed, what the instruction is).
 */
public record TargetFile(long length, String sha256, Optional<JsonNode> custom) {
  public ObjectNode toJson() {
    ObjectNode o = StrictJson.MAPPER.createObjectNode();
    o.put("length", length);
    o.putObject("hashes").put("sha256", sha256);
    custom.ifPresent(c -> o.set("custom", c));
    return o;
  }

  public static TargetFile parse(JsonNode o, String where) throws TufException {
    long length = StrictJson.length(o, "length", where);
    String sha = Hashes.sha256(StrictJson.object(o, "hashes", where), where);
    Optional<JsonNode> custom = Optional.empty();
    if (o.has("custom")) {
      custom = Optional.of(StrictJson.object(o, "custom", where));
    }
    return new TargetFile(length, sha, custom);
  }

  /** The name a consistent-snapshot repository stores the file under: {@code dir/HASH.name}. */
  public static String hashedPath(String path, String sha256) {
    int slash = path.lastIndexOf('/');
    return path.substring(0, slash + 1) + sha256 + "." + path.substring(slash + 1);
  }
}
