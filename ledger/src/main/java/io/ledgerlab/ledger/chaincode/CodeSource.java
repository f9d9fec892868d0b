package io.ledgerlab.ledger.chaincode;

import io.ledgerlab.chaincode.ChainCode;
import java.util.Optional;

/**
 * Where a node finds chain code that governance installs after genesis, by the SHA-256 of its jar.
 * Node code never touches files: the real node looks in its code directory, the simulator in the
 * directory the lab gives each node, a unit test in a map.
 */
public interface CodeSource {
  /**
   * The chain code {@code name} at {@code version} from the jar whose SHA-256 is {@code sha256}, if
   * this node has that jar and it holds that chain code and version.
   */
  Optional<ChainCode> find(String name, int version, String sha256);

  /**
   * Looks again for jars added since the last look; a node waiting for missing code calls this on a
   * timer. Returns whether anything new was found. Bounded in time and count by the implementation.
   */
  default boolean rescan() {
    return false;
  }

  /** A node that carries no code beyond its genesis. */
  CodeSource NONE = (name, version, sha256) -> Optional.empty();
}
