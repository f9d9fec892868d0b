package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;

/**
 * The two node shapes of the binary Merkle-Patricia trie and their hashes. Leaves are not stored on
 * their own: a reference to a leaf carries the leaf's value hash, so only branches take disk space.
 */
final class TrieNodes {
  static final byte LEAF_TAG = 0x00;
  static final byte BRANCH_TAG = 0x01;
  static final Hash EMPTY_ROOT = Sha256.hash(new byte[0]);

  private TrieNodes() {}

  /** A reference to a child: its position and hash, and the value hash when it is a leaf. */
  record Ref(TriePosition position, Hash hash, Hash leafValue) {
    static Ref leaf(Hash keyHash, Hash valueHash) {
      return new Ref(
          new TriePosition(TriePosition.KEY_BITS, keyHash),
          Sha256.hash(LEAF_TAG, keyHash, valueHash),
          valueHash);
    }

    boolean isLeaf() {
      return leafValue != null;
    }

    Hash leafKey() {
      return position.prefix();
    }
  }

  /** An inner node: every key below shares {@code position}; they split on the next bit. */
  record Branch(TriePosition position, Ref left, Ref right) {
    Hash hash() {
      return Sha256.hash(BRANCH_TAG, left.hash(), right.hash());
    }

    Ref ref() {
      return new Ref(position, hash(), null);
    }
  }

  static byte[] encodeBranch(Branch branch) {
    Encoder out = new Encoder(2 + 2 * (2 + 3 * Hash.LENGTH));
    out.u8(TypeTag.TRIE_NODE).u8(1);
    encodeRef(branch.left(), out);
    encodeRef(branch.right(), out);
    return out.toByteArray();
  }

  static Branch decodeBranch(TriePosition position, byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    in.header("trie.branch", TypeTag.TRIE_NODE, 1);
    Ref left = decodeRef(in, "trie.branch.left");
    Ref right = decodeRef(in, "trie.branch.right");
    in.end("trie.branch");
    return new Branch(position, left, right);
  }

  static void encodeRef(Ref ref, Encoder out) {
    out.u16(ref.position().bits()).hash(ref.position().prefix()).hash(ref.hash());
    if (ref.isLeaf()) {
      out.hash(ref.leafValue());
    }
  }

  static Ref decodeRef(Decoder in, String field) throws DecodeException {
    int at = in.offset();
    int bits = in.u16(field + ".bits");
    if (bits > TriePosition.KEY_BITS) {
      throw new DecodeException(
          DecodeException.Kind.OUT_OF_RANGE, field + ".bits", at, "bits " + bits);
    }
    Hash prefix = in.hash(field + ".prefix");
    Hash hash = in.hash(field + ".hash");
    if (bits == TriePosition.KEY_BITS) {
      Ref leaf = Ref.leaf(prefix, in.hash(field + ".value"));
      if (!leaf.hash().equals(hash)) {
        throw in.invalid(field, at, "leaf hash does not match its key and value");
      }
      return leaf;
    }
    if (!prefix.equals(prefix.prefix(bits))) {
      throw in.invalid(field + ".prefix", at, "bits beyond the position are set");
    }
    return new Ref(new TriePosition(bits, prefix), hash, null);
  }
}
