package io.ledgerlab.ledger.block;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import java.util.List;

/**
 * The Merkle root of an ordered list, as in RFC 6962: leaves and inner nodes hash under different
 * tags, and an odd node is promoted, so no two lists share a root.
 */
public final class MerkleList {
  public static final Hash EMPTY = Sha256.hash(new byte[0]);
  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;

  private MerkleList() {}

  public static Hash root(List<Hash> items) {
    if (items.isEmpty()) {
      return EMPTY;
    }
    Hash[] level = new Hash[items.size()];
    for (int i = 0; i < level.length; i++) {
      level[i] = Sha256.hash(new byte[] {LEAF}, items.get(i).bytes());
    }
    int n = level.length;
    while (n > 1) {
      int next = 0;
      for (int i = 0; i < n; i += 2) {
        level[next++] = i + 1 < n ? Sha256.hash(NODE, level[i], level[i + 1]) : level[i];
      }
      n = next;
    }
    return level[0];
  }
}
