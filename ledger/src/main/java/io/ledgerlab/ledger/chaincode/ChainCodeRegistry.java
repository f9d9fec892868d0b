package io.ledgerlab.ledger.chaincode;

import io.ledgerlab.chaincode.ChainCode;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every chain-code implementation a node carries, by name and version. Which version is in force is
 * not decided here but by the chain's state, so all validators switch at the same height.
 */
public final class ChainCodeRegistry {
  private final Map<String, NavigableMap<Integer, ChainCode>> byName = new TreeMap<>();

  /** A registry holding the built-ins: {@code token} and {@code kv}, version 1. */
  public static ChainCodeRegistry builtins() {
    return new ChainCodeRegistry().register(new TokenChainCode()).register(new KvChainCode());
  }

  public ChainCodeRegistry register(ChainCode code) {
    NavigableMap<Integer, ChainCode> versions =
        byName.computeIfAbsent(code.name(), n -> new TreeMap<>());
    if (versions.putIfAbsent(code.version(), code) != null) {
      throw new IllegalArgumentException(
          "chain code " + code.name() + " version " + code.version() + " is already registered");
    }
    return this;
  }

  public Optional<ChainCode> find(String name, int version) {
    NavigableMap<Integer, ChainCode> versions = byName.get(name);
    return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
  }

  public boolean knows(String name) {
    return byName.containsKey(name);
  }

  /** The names of every chain code this registry holds, sorted. */
  public java.util.SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(byName.keySet()));
  }

  /** Versions of {@code name} this node can run, ascending. */
  public NavigableMap<Integer, ChainCode> versions(String name) {
    return Collections.unmodifiableNavigableMap(byName.getOrDefault(name, new TreeMap<>()));
  }
}
