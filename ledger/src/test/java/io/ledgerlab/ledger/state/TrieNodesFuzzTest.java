package io.ledgerlab.ledger.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;

/**
 * The package-private decoders of persisted trie records, as {@link MerkleTrie} calls them: a
 * branch and the root reference. Only {@link DecodeException}, and canonical when they decode.
 */
class TrieNodesFuzzTest {
  private static final TriePosition POSITION = new TriePosition(0, Hash.ZERO);

  @FuzzTest(maxDuration = "5m")
  void decodeBranch(byte[] input) {
    TrieNodes.Branch branch;
    try {
      branch = TrieNodes.decodeBranch(POSITION, input);
    } catch (DecodeException e) {
      return;
    }
    assertArrayEquals(input, TrieNodes.encodeBranch(branch), "a branch re-encodes to its input");
  }

  @FuzzTest(maxDuration = "5m")
  void decodeRoot(byte[] input) {
    TrieNodes.Ref root;
    try {
      Decoder in = new Decoder(input);
      root = TrieNodes.decodeRef(in, "trie.root");
      in.end("trie.root");
    } catch (DecodeException e) {
      return;
    }
    Encoder out = new Encoder();
    TrieNodes.encodeRef(root, out);
    assertArrayEquals(input, out.toByteArray(), "a root reference re-encodes to its input");
  }
}
