package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The key ids trusted for a role and how many of them must sign (specification 4.3). */
public record RoleKeys(List<String> keyIds, int threshold) {
  public RoleKeys {
    keyIds = List.copyOf(keyIds);
    if (threshold < 1) {
      throw new IllegalArgumentException("a threshold is at least 1, got " + threshold);
    }
    if (threshold > keyIds.size()) {
      throw new IllegalArgumentException(
          "a threshold of " + threshold + " needs as many keys, got " + keyIds.size());
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = StrictJson.MAPPER.createObjectNode();
    keyIds.forEach(o.putArray("keyids")::add);
    o.put("threshold", threshold);
    return o;
  }

  public static RoleKeys parse(JsonNode o, String where) throws TufException {
    JsonNode ids = StrictJson.array(o, "keyids", where);
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || !seen.add(id.textValue())) {
        throw StrictJson.malformed(where, "keyids", "expected distinct key ids");
      }
    }
    long threshold = StrictJson.positive(o, "threshold", where);
    if (threshold > seen.size()) {
      throw StrictJson.malformed(
          where, "threshold", threshold + " exceeds the " + seen.size() + " keys listed");
    }
    return new RoleKeys(List.copyOf(seen), (int) threshold);
  }
}
