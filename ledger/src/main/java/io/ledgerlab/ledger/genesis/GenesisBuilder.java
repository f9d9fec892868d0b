package io.ledgerlab.ledger.genesis;

import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builds a {@link Genesis} in code, for tests and for the lab's generated networks. */
public final class GenesisBuilder {
  private final String chainId;
  private long timeMicros;
  private final List<Genesis.Validator> validators = new ArrayList<>();
  private final SortedMap<Address, Long> balances = new TreeMap<>();
  private final SortedMap<String, Integer> chainCodes = new TreeMap<>();
  private final List<Genesis.ScheduledUpgrade> upgrades = new ArrayList<>();
  private final List<Genesis.CodeJar> jars = new ArrayList<>();
  private Genesis.ChainParams params = Genesis.ChainParams.DEFAULT;
  private final List<Genesis.Operator> operators = new ArrayList<>();
  private int operatorThreshold;

  GenesisBuilder(String chainId) {
    this.chainId = chainId;
  }

  /** A builder with the built-in chain codes {@code token} and {@code kv} at version 1. */
  public static GenesisBuilder chain(String chainId) {
    GenesisBuilder b = new GenesisBuilder(chainId);
    b.chainCodes.put("token", 1);
    b.chainCodes.put("kv", 1);
    return b;
  }

  public GenesisBuilder timeMicros(long micros) {
    this.timeMicros = micros;
    return this;
  }

  public GenesisBuilder validator(String name, PublicKey key, long power) {
    validators.add(new Genesis.Validator(name, key, power));
    return this;
  }

  public GenesisBuilder balance(Address account, long amount) {
    if (balances.putIfAbsent(account, amount) != null) {
      throw new IllegalArgumentException("account " + account + " already has a balance");
    }
    return this;
  }

  public GenesisBuilder chainCode(String name, int version) {
    chainCodes.put(name, version);
    return this;
  }

  public GenesisBuilder withoutChainCode(String name) {
    chainCodes.remove(name);
    return this;
  }

  /** Runs the user chain code in {@code jar} at genesis. */
  public GenesisBuilder chainCode(Genesis.CodeJar jar) {
    chainCodes.put(jar.name(), jar.version());
    jars.add(jar);
    return this;
  }

  /** Switches to the user chain code in {@code jar} at the start of block {@code height}. */
  public GenesisBuilder upgrade(Genesis.CodeJar jar, long height) {
    jars.add(jar);
    return upgrade(jar.name(), jar.version(), height);
  }

  public GenesisBuilder upgrade(String chainCode, int version, long height) {
    upgrades.add(new Genesis.ScheduledUpgrade(chainCode, version, height));
    return this;
  }

  public GenesisBuilder params(Genesis.ChainParams params) {
    this.params = params;
    return this;
  }

  /** Adds an operator; see {@link #operatorThreshold}. */
  public GenesisBuilder operator(String name, PublicKey key) {
    operators.add(new Genesis.Operator(name, key));
    return this;
  }

  /** How many operators must approve a governance proposal (M of N). */
  public GenesisBuilder operatorThreshold(int threshold) {
    this.operatorThreshold = threshold;
    return this;
  }

  public Genesis build() {
    if (validators.isEmpty()) {
      throw new IllegalStateException("a genesis needs at least one validator");
    }
    return new Genesis(
        chainId,
        timeMicros,
        validators,
        balances,
        chainCodes,
        upgrades,
        params,
        jars,
        new Genesis.Operators(operatorThreshold, operators));
  }
}
