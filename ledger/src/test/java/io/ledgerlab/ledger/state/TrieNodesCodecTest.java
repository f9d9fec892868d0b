package io.ledgerlab.ledger.state;

import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryBitFlipRejectedOrCanonical;
import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryPrefixTruncated;
import static io.ledgerlab.ledger.testing.CodecChecks.assertRoundTrip;
import static io.ledgerlab.ledger.testing.CodecChecks.assertTrailingByteRejected;
import static io.ledgerlab.ledger.testing.CodecChecks.expectDecodeException;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.DecodeException.Kind;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.TrieNodes.Branch;
import io.ledgerlab.ledger.state.TrieNodes.Ref;
import io.ledgerlab.ledger.testing.CodecChecks.Decode;
import io.ledgerlab.ledger.testing.LedgerArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The persisted trie records: branches and the root reference. */
class TrieNodesCodecTest {
  static final TriePosition POSITION = new TriePosition(0, Hash.ZERO);
  static final Decode<Branch> BRANCH = bytes -> TrieNodes.decodeBranch(POSITION, bytes);

  /** The root record, read as {@code MerkleTrie} reads it. */
  static final Decode<Ref> ROOT =
      bytes -> {
        Decoder in = new Decoder(bytes);
        Ref ref = TrieNodes.decodeRef(in, "trie.root");
        in.end("trie.root");
        return ref;
      };

  static byte[] encodeRoot(Ref ref) {
    Encoder out = new Encoder();
    TrieNodes.encodeRef(ref, out);
    return out.toByteArray();
  }

  static Arbitrary<Ref> refs() {
    Arbitrary<Ref> leaves =
        Combinators.combine(LedgerArbitraries.hashes(), LedgerArbitraries.hashes()).as(Ref::leaf);
    Arbitrary<Ref> inner =
        Combinators.combine(
                Arbitraries.integers().between(0, TriePosition.KEY_BITS - 1),
                LedgerArbitraries.hashes(),
                LedgerArbitraries.hashes())
            .as((bits, prefix, hash) -> new Ref(TriePosition.of(bits, prefix), hash, null));
    return Arbitraries.oneOf(leaves, inner);
  }

  @Provide
  Arbitrary<Branch> branches() {
    return Combinators.combine(refs(), refs()).as((l, r) -> new Branch(POSITION, l, r));
  }

  @Provide
  Arbitrary<Ref> roots() {
    return refs();
  }

  @Property(tries = 300)
  void branchDecodeOfEncodeIsIdentityAndCanonical(@ForAll("branches") Branch branch) {
    Branch decoded =
        assertRoundTrip(branch, TrieNodes.encodeBranch(branch), BRANCH, TrieNodes::encodeBranch);
    assertThat(decoded.hash()).isEqualTo(branch.hash());
  }

  @Property(tries = 300)
  void rootDecodeOfEncodeIsIdentityAndCanonical(@ForAll("roots") Ref root) {
    assertRoundTrip(root, encodeRoot(root), ROOT, TrieNodesCodecTest::encodeRoot);
  }

  @Property(tries = 200)
  void everyStrictPrefixIsTruncated(@ForAll("branches") Branch branch, @ForAll("roots") Ref root) {
    assertEveryPrefixTruncated(TrieNodes.encodeBranch(branch), BRANCH);
    assertEveryPrefixTruncated(encodeRoot(root), ROOT);
  }

  @Property(tries = 200)
  void aTrailingByteIsRejected(
      @ForAll("branches") Branch branch, @ForAll("roots") Ref root, @ForAll byte extra) {
    assertTrailingByteRejected(TrieNodes.encodeBranch(branch), extra, BRANCH);
    assertTrailingByteRejected(encodeRoot(root), extra, ROOT);
  }

  @Property(tries = 100)
  void everyBitFlipIsRejectedOrCanonical(@ForAll("branches") Branch branch) {
    assertEveryBitFlipRejectedOrCanonical(
        TrieNodes.encodeBranch(branch),
        BRANCH,
        TrieNodes::encodeBranch,
        (bit, flipped, b) -> assertThat(b).as("bit %d", bit).isNotEqualTo(branch));
  }

  @Example
  void aLeafWhoseHashDoesNotMatchIsInvalid() {
    Ref leaf = Ref.leaf(Hash.ZERO, Hash.ZERO);
    byte[] encoded = encodeRoot(leaf);
    encoded[2 + Hash.LENGTH] ^= 1;
    DecodeException e = expectDecodeException(encoded, ROOT, "leaf with a wrong hash");
    assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE);
  }

  @Example
  void prefixBitsBeyondThePositionAreInvalid() {
    byte[] encoded = encodeRoot(new Ref(new TriePosition(3, Hash.ZERO), Hash.ZERO, null));
    encoded[2] = 0x10;
    DecodeException e = expectDecodeException(encoded, ROOT, "prefix with stray bits");
    assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE);
    assertThat(e.field()).isEqualTo("trie.root.prefix");
  }

  @Example
  void positionsBeyondTheKeyLengthAreOutOfRange() {
    byte[] encoded = encodeRoot(Ref.leaf(Hash.ZERO, Hash.ZERO));
    encoded[0] = 0x01;
    encoded[1] = 0x01;
    DecodeException e = expectDecodeException(encoded, ROOT, "257 bits");
    assertThat(e.kind()).isEqualTo(Kind.OUT_OF_RANGE);
  }
}
