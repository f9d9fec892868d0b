package io.ledgerlab.ledger.exec;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.CodeSource;
import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.runtime.disk.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The code that runs a chain code at a version: the node's registry (built-ins and genesis jars)
 * or, for a version governance installed, the jar with the SHA-256 the chain recorded, from the
 * node's {@link CodeSource}. Governance may not install a version the genesis names, so the two
 * never answer for the same version and every node picks the same code.
 */
public final class Codes {
  /**
   * The most installs governance may make over a chain's life. It bounds the chain codes running
   * installed jars, which every block checks, so that check never misses one.
   */
  public static final int INSTALLS_MAX = 1_024;

  private final ChainCodeRegistry registry;
  private final CodeSource source;

  public Codes(ChainCodeRegistry registry, CodeSource source) {
    this.registry = registry;
    this.source = source;
  }

  public ChainCodeRegistry registry() {
    return registry;
  }

  public CodeSource source() {
    return source;
  }

  /** The code of {@code name} at {@code version} under {@code state}, if this node has it. */
  public Optional<ChainCode> find(StateReader state, String name, int version) {
    Optional<ChainCode> builtIn = registry.find(name, version);
    if (builtIn.isPresent()) {
      return builtIn;
    }
    byte[] sha = state.get(StateKeys.installedCode(name, version));
    return sha == null ? Optional.empty() : fromSource(name, version, Hex.encode(sha));
  }

  /** Whether this node could ever run {@code name}: it carries it, or governance installed it. */
  boolean knows(StateReader state, String name, int version) {
    return registry.knows(name) || state.get(StateKeys.installedCode(name, version)) != null;
  }

  private Optional<ChainCode> fromSource(String name, int version, String sha) {
    // A source keys jars by hash; the chain code inside must also be the one the chain expects.
    return source
        .find(name, version, sha)
        .filter(c -> c.name().equals(name) && c.version() == version);
  }

  /**
   * Fails when a chain code in force runs a governance-installed jar this node does not have: the
   * node must not execute block {@code height} without it.
   */
  void requireActive(StateReader state, long height) {
    byte[] prefix = StateKeys.activeCodes();
    for (Map.Entry<Bytes, byte[]> e : state.scan(prefix, Keys.prefixEnd(prefix), INSTALLS_MAX)) {
      byte[] key = e.getKey().toArray();
      String name =
          new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
      byte[] v = e.getValue();
      if (v.length != 4 + 32) {
        throw new CorruptStateException("active code record of " + name + " is malformed", null);
      }
      int version = (v[0] & 0xff) << 24 | (v[1] & 0xff) << 16 | (v[2] & 0xff) << 8 | (v[3] & 0xff);
      String sha = Hex.encode(Arrays.copyOfRange(v, 4, v.length));
      if (registry.find(name, version).isEmpty() && fromSource(name, version, sha).isEmpty()) {
        throw new MissingCodeException(new MissingCode(name, version, sha, height));
      }
    }
  }
}
