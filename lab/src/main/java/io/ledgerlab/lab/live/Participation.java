package io.ledgerlab.lab.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which validators' precommits are in the recent certificates: per validator, how many it signed
 * and missed. Read from an observer's {@code observer_status} when the network has one (it counts
 * every certificate it committed), else from the certificates of the blocks one node holds.
 *
 * @param source where the numbers come from, for the page ("observer o0", "the last 50 blocks on
 *     n1")
 */
public record Participation(String source, List<Validator> validators) {
  public Participation {
    validators = List.copyOf(validators);
  }

  /** One validator: certificates seen, its precommits in them, those missing, missed / seen. */
  public record Validator(
      String name, long certificates, long signed, long missed, double missedRatio) {
    static Validator of(String name, long certificates, long signed) {
      long missed = certificates - signed;
      return new Validator(
          name,
          certificates,
          signed,
          missed,
          certificates == 0 ? 0 : (double) missed / certificates);
    }
  }

  /**
   * Whether the counts are cumulative: an observer counts every certificate it committed since it
   * started; blocks read give the recent certificates only.
   */
  public boolean cumulative() {
    return source.startsWith(OBSERVER);
  }

  private static final String OBSERVER = "observer ";

  static final Participation NONE = new Participation("no certificates read yet", List.of());

  /**
   * From the certificates of {@code blocks}. {@code names} maps validator addresses to node names;
   * a signer no node claimed is shown by its address.
   */
  static Participation fromBlocks(
      String node, List<BlockWatch.Block> blocks, Map<String, String> names) {
    List<BlockWatch.Block> certified = blocks.stream().filter(BlockWatch.Block::certified).toList();
    if (certified.isEmpty()) {
      return NONE;
    }
    Set<String> addresses = new LinkedHashSet<>(names.keySet());
    certified.forEach(b -> addresses.addAll(b.signers()));
    List<Validator> out = new ArrayList<>();
    for (String address : addresses) {
      long signed = certified.stream().filter(b -> b.signers().contains(address)).count();
      out.add(Validator.of(names.getOrDefault(address, address), certified.size(), signed));
    }
    out.sort(Comparator.comparing(Validator::name));
    return new Participation(
        "the certificates of the last " + certified.size() + " blocks on " + node, out);
  }

  /**
   * From an observer's {@code observer_status}: {@code validators: {n0: {certificates, signed,
   * missed, missedRatio}, …}}; null when the answer has none.
   */
  static Participation fromObserver(String observer, JsonNode status) {
    JsonNode validators = status.path("validators");
    if (!validators.isObject() || validators.isEmpty()) {
      return null;
    }
    List<Validator> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = validators.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> v = it.next();
      out.add(
          Validator.of(
              v.getKey(),
              v.getValue().path("certificates").asLong(),
              v.getValue().path("signed").asLong()));
    }
    out.sort(Comparator.comparing(Validator::name));
    return new Participation(OBSERVER + observer, out);
  }
}
