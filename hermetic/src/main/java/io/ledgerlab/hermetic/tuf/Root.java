package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Root metadata (specification 4.3): the keys and thresholds of every role, root included. */
public record Root(
    long version,
    Instant expires,
    boolean consistentSnapshot,
    Map<String, Key> keys,
    Map<Role, RoleKeys> roles) {
  public Root {
    keys = Map.copyOf(keys);
    roles = Map.copyOf(roles);
  }

  public RoleKeys role(Role r) {
    return roles.get(r);
  }

  public ObjectNode toJson() {
    ObjectNode o = Envelope.header(Role.ROOT, version, expires);
    o.put("consistent_snapshot", consistentSnapshot);
    ObjectNode k = o.putObject("keys");
    keys.forEach((id, key) -> k.set(id, key.toJson()));
    ObjectNode r = o.putObject("roles");
    for (Role role : Role.values()) {
      r.set(role.key(), roles.get(role).toJson());
    }
    return o;
  }

  public static Root of(Envelope e) throws TufException {
    String where = e.where() + ".signed";
    JsonNode s = e.signed();
    boolean consistent = StrictJson.bool(s, "consistent_snapshot", where);
    if (!consistent) {
      // Without consistent snapshots a client can read a snapshot and a targets file from two
      // different publications; this feed always writes versioned files, and reads only them.
      throw new TufException(
          TufException.Reason.UNSUPPORTED, where + ": consistent_snapshot must be true");
    }
    Map<String, Key> keys = new LinkedHashMap<>();
    JsonNode k = StrictJson.object(s, "keys", where);
    Iterator<Map.Entry<String, JsonNode>> it = k.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      keys.put(entry.getKey(), Key.parse(entry.getKey(), entry.getValue(), where + ".keys"));
    }
    Map<Role, RoleKeys> roles = new EnumMap<>(Role.class);
    JsonNode r = StrictJson.object(s, "roles", where);
    for (Role role : Role.values()) {
      RoleKeys rk =
          RoleKeys.parse(
              StrictJson.object(r, role.key(), where + ".roles"), where + ".roles." + role.key());
      for (String id : rk.keyIds()) {
        if (!keys.containsKey(id)) {
          throw StrictJson.malformed(
              where, "roles." + role.key(), "key id " + id + " is not among the keys");
        }
      }
      roles.put(role, rk);
    }
    return new Root(e.version(), e.expires(), true, keys, roles);
  }
}
