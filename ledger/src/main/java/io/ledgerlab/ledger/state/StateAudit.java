package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Independent checks of a state: recompute its root from every entry, with no cached trie. */
public final class StateAudit {
  private static final int PAGE = 10_000;

  private StateAudit() {}

  /** The root of exactly the entries {@code state} holds, built from scratch. */
  public static Hash recomputeRoot(StateReader state) {
    SortedMap<Hash, Hash> leaves = new TreeMap<>();
    byte[] from = null;
    while (true) {
      List<Map.Entry<Bytes, byte[]>> page = state.scan(from, null, PAGE);
      for (Map.Entry<Bytes, byte[]> e : page) {
        leaves.put(StateStore.keyHash(e.getKey().unsafeArray()), Sha256.hash(e.getValue()));
      }
      if (page.size() < PAGE) {
        return MerkleTrie.rootOf(leaves);
      }
      byte[] last = page.get(page.size() - 1).getKey().toArray();
      from = java.util.Arrays.copyOf(last, last.length + 1);
    }
  }
}
