package io.ledgerlab.ledger.replay;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The chain's chain code with replacements put in: a replacement runs wherever a chain code of its
 * name runs, at every version of it the chain carries — so the v2 of a chain code at v1 answers the
 * calls the chain's transactions made to v1, and the state keeps recording v1 in force, as it did.
 *
 * @param registry what the replay under the replacements runs
 * @param replaced what stands in for what, by name
 */
public record Substitution(
    ChainCodeRegistry registry, List<Replaced> replaced, Map<String, ChainCode> replacements) {
  public Substitution {
    replaced = List.copyOf(replaced);
    replacements = Map.copyOf(replacements);
  }

  /**
   * The jars governance installed, with each replacement standing in for installed versions of its
   * name too: a chain code upgraded on chain is replaced at every version it ran.
   */
  public CodeSource source(CodeSource installed) {
    return (name, version, sha256) -> {
      ChainCode replacement = replacements.get(name);
      return replacement == null
          ? installed.find(name, version, sha256)
          : Optional.of(new StandIn(replacement, name, version));
    };
  }

  /**
   * Replacement {@code name} version {@code version} stands in for the chain's {@code versions}.
   */
  public record Replaced(String name, int version, SortedSet<Integer> versions) {
    public Replaced {
      versions = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(versions));
    }

    /** Such as {@code kv version 2 stands in for kv version 1}. */
    public String describe() {
      return name
          + " version "
          + version
          + " stands in for "
          + name
          + (versions.size() == 1 ? " version " + versions.first() : " versions " + versions);
    }
  }

  /**
   * The chain's registry {@code chain} with each of {@code replacements} standing in for the chain
   * code of its name.
   *
   * @throws IllegalArgumentException naming the replacement, when the chain carries no chain code
   *     of its name, or two replacements share a name
   */
  public static Substitution of(ChainCodeRegistry chain, List<ChainCode> replacements) {
    Map<String, ChainCode> byName = new TreeMap<>();
    for (ChainCode r : replacements) {
      if (!chain.knows(r.name())) {
        throw new IllegalArgumentException(
            "the replacement "
                + r.name()
                + " version "
                + r.version()
                + " names no chain code of the chain, which runs "
                + chain.names());
      }
      if (byName.put(r.name(), r) != null) {
        throw new IllegalArgumentException("two replacements for chain code " + r.name());
      }
    }
    ChainCodeRegistry out = new ChainCodeRegistry();
    List<Replaced> replaced = new ArrayList<>();
    for (String name : chain.names()) {
      ChainCode replacement = byName.get(name);
      for (Map.Entry<Integer, ChainCode> v : chain.versions(name).entrySet()) {
        out.register(
            replacement == null ? v.getValue() : new StandIn(replacement, name, v.getKey()));
      }
      if (replacement != null) {
        replaced.add(
            new Replaced(name, replacement.version(), chain.versions(name).navigableKeySet()));
      }
    }
    return new Substitution(out, replaced, byName);
  }

  /** A replacement under the name and version of the chain code it stands in for. */
  private static final class StandIn implements ChainCode {
    private final ChainCode replacement;
    private final String name;
    private final int version;

    StandIn(ChainCode replacement, String name, int version) {
      this.replacement = replacement;
      this.name = name;
      this.version = version;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int version() {
      return version;
    }

    @Override
    public Outcome invoke(CallContext context, String method, byte[] args) {
      return replacement.invoke(context, method, args);
    }

    @Override
    public Outcome query(QueryContext context, String method, byte[] args) {
      return replacement.query(context, method, args);
    }
  }
}
