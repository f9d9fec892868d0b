package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Timestamp metadata (specification 4.6): which snapshot is current, signed often. */
public record Timestamp(long version, Instant expires, MetaFile snapshot) {
  public ObjectNode toJson() {
    ObjectNode o = Envelope.header(Role.TIMESTAMP, version, expires);
    o.putObject("meta").set(Role.SNAPSHOT.fileName(), snapshot.toJson());
    return o;
  }

  public static Timestamp of(Envelope e) throws TufException {
    String where = e.where() + ".signed";
    var meta = StrictJson.object(e.signed(), "meta", where);
    if (meta.size() != 1) {
      throw StrictJson.malformed(where, "meta", "expected exactly snapshot.json");
    }
    var snap = StrictJson.object(meta, Role.SNAPSHOT.fileName(), where + ".meta");
    return new Timestamp(
        e.version(), e.expires(), MetaFile.parse(snap, where + ".meta.snapshot.json"));
  }
}
