package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.crypto.Hash;

/**
 * Where a node sits in the trie: the {@code bits} leading bits that every key below it shares. The
 * position of a node depends only on the set of keys below it, which is why the trie's shape, and
 * so its root, do not depend on the order of insertion.
 */
record TriePosition(int bits, Hash prefix) {
  static final int KEY_BITS = Hash.LENGTH * 8;

  TriePosition {
    if (bits < 0 || bits > KEY_BITS) {
      throw new IllegalArgumentException("trie position bits must be in [0, 256], got " + bits);
    }
  }

  static TriePosition of(int bits, Hash key) {
    return new TriePosition(bits, key.prefix(bits));
  }

  boolean isLeaf() {
    return bits == KEY_BITS;
  }

  /** The disk key of the branch stored at this position. */
  byte[] storageKey() {
    byte[] key = new byte[1 + 2 + Hash.LENGTH];
    key[0] = StateStore.TRIE_PREFIX;
    key[1] = (byte) (bits >>> 8);
    key[2] = (byte) bits;
    prefix.copyTo(key, 3);
    return key;
  }
}
