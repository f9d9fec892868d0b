package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Snapshot metadata (specification 4.4): the version of every targets metadata file. */
public record Snapshot(long version, Instant expires, Map<String, MetaFile> meta) {
  public Snapshot {
    meta = Map.copyOf(meta);
  }

  public ObjectNode toJson() {
    ObjectNode o = Envelope.header(Role.SNAPSHOT, version, expires);
    ObjectNode m = o.putObject("meta");
    meta.forEach((name, f) -> m.set(name, f.toJson()));
    return o;
  }

  public static Snapshot of(Envelope e) throws TufException {
    String where = e.where() + ".signed";
    JsonNode m = StrictJson.object(e.signed(), "meta", where);
    Map<String, MetaFile> meta = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = m.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getKey().equals(Role.TARGETS.fileName())) {
        throw new TufException(
            TufException.Reason.UNSUPPORTED,
            where + ".meta: " + entry.getKey() + ": delegated targets roles are not supported");
      }
      meta.put(entry.getKey(), MetaFile.parse(entry.getValue(), where + ".meta." + entry.getKey()));
    }
    if (!meta.containsKey(Role.TARGETS.fileName())) {
      throw new TufException(TufException.Reason.MISSING, where + ".meta: no targets.json");
    }
    return new Snapshot(e.version(), e.expires(), meta);
  }

  public MetaFile targets() {
    return meta.get(Role.TARGETS.fileName());
  }
}
