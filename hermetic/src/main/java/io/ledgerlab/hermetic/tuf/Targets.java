package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Targets metadata (specification 4.5): every file the repository vouches for. */
public record Targets(long version, Instant expires, Map<String, TargetFile> targets) {
  /**
   * Target paths the feed accepts: relative, slash-separated, no segment starting with a dot (so no
   * {@code .} or {@code ..}, and no hidden file), so that no path can name a file outside the
   * directory it is saved to.
   */
  public static final Pattern PATH =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

  public Targets {
    targets = Map.copyOf(targets);
  }

  public ObjectNode toJson() {
    ObjectNode o = Envelope.header(Role.TARGETS, version, expires);
    ObjectNode t = o.putObject("targets");
    new TreeMap<>(targets).forEach((path, f) -> t.set(path, f.toJson()));
    return o;
  }

  public static Targets of(Envelope e) throws TufException {
    String where = e.where() + ".signed";
    JsonNode t = StrictJson.object(e.signed(), "targets", where);
    JsonNode delegations = e.signed().get("delegations");
    if (delegations != null && !delegations.isObject()) {
      throw StrictJson.malformed(where, "delegations", "expected an object");
    }
    if (delegations != null && delegations.path("roles").size() > 0) {
      throw new TufException(
          TufException.Reason.UNSUPPORTED, where + ".delegations: delegations are not supported");
    }
    Map<String, TargetFile> targets = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = t.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!PATH.matcher(entry.getKey()).matches()) {
        throw StrictJson.malformed(where, "targets", "unsafe target path '" + entry.getKey() + "'");
      }
      targets.put(
          entry.getKey(), TargetFile.parse(entry.getValue(), where + ".targets." + entry.getKey()));
    }
    return new Targets(e.version(), e.expires(), targets);
  }
}
