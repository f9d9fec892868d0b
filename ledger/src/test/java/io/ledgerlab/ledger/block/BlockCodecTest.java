package io.ledgerlab.ledger.block;

import static io.ledgerlab.ledger.testing.CodecChecks.assertBitFlipRejectedOrCanonical;
import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryBitFlipRejectedOrCanonical;
import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryPrefixTruncated;
import static io.ledgerlab.ledger.testing.CodecChecks.assertRoundTrip;
import static io.ledgerlab.ledger.testing.CodecChecks.assertTrailingByteRejected;
import static io.ledgerlab.ledger.testing.CodecChecks.expectDecodeException;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.DecodeException.Kind;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Signature;
import io.ledgerlab.ledger.testing.CodecChecks.Decode;
import io.ledgerlab.ledger.testing.LedgerArbitraries;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Blocks and block headers, with their commit certificates, decode strictly and canonically. */
class BlockCodecTest {
  private static final Decode<Block> BLOCK = Block::decode;
  private static final Decode<BlockHeader> HEADER = BlockHeader::decode;

  @Provide
  Arbitrary<Block> blocks() {
    return LedgerArbitraries.blocks(4, 64, 4, 2);
  }

  @Provide
  Arbitrary<BlockHeader> headers() {
    return LedgerArbitraries.blockHeaders(3);
  }

  @Property(tries = 200)
  void blockDecodeOfEncodeIsIdentityAndCanonical(@ForAll("blocks") Block block) {
    Block decoded = assertRoundTrip(block, block.encode(), BLOCK, Block::encode);
    assertThat(decoded.hash()).isEqualTo(block.hash());
    assertThat(Block.txRoot(decoded.transactions())).isEqualTo(Block.txRoot(block.transactions()));
    assertThat(Block.evidenceRoot(decoded.evidence()))
        .isEqualTo(Block.evidenceRoot(block.evidence()));
    for (Transaction tx : decoded.transactions()) {
      assertThat(tx.verifySignature()).isTrue();
    }
  }

  @Property(tries = 300)
  void headerDecodeOfEncodeIsIdentityAndCanonical(@ForAll("headers") BlockHeader header) {
    BlockHeader decoded = assertRoundTrip(header, header.encode(), HEADER, BlockHeader::encode);
    assertThat(decoded.hash()).isEqualTo(header.hash());
    assertThat(decoded.lastCommit().votes()).isEqualTo(header.lastCommit().votes());
  }

  @Property(tries = 100)
  void everyStrictPrefixOfABlockIsTruncated(@ForAll("blocks") Block block) {
    assertEveryPrefixTruncated(block.encode(), BLOCK);
  }

  @Property(tries = 200)
  void everyStrictPrefixOfAHeaderIsTruncated(@ForAll("headers") BlockHeader header) {
    assertEveryPrefixTruncated(header.encode(), HEADER);
  }

  @Property(tries = 200)
  void aTrailingByteIsRejected(
      @ForAll("blocks") Block block, @ForAll("headers") BlockHeader header, @ForAll byte extra) {
    assertTrailingByteRejected(block.encode(), extra, BLOCK);
    assertTrailingByteRejected(header.encode(), extra, HEADER);
  }

  @Property(tries = 60)
  void everyBitFlipOfAHeaderIsRejectedOrCanonical(@ForAll("headers") BlockHeader header) {
    byte[] encoded = header.encode();
    assertEveryBitFlipRejectedOrCanonical(
        encoded,
        HEADER,
        BlockHeader::encode,
        (bit, flipped, h) -> assertThat(h).as("bit %d", bit).isNotEqualTo(header));
  }

  /**
   * Sampled flips of whole blocks: a flip inside a transaction must leave a transaction that fails
   * its signature check, since no signed byte can change unnoticed.
   */
  @Property(tries = 120)
  void bitFlipsOfABlockAreRejectedOrCanonical(
      @ForAll("blocks") Block block,
      @ForAll @Size(16) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> where) {
    byte[] encoded = block.encode();
    for (int w : where) {
      int bit = w % (encoded.length * 8);
      assertBitFlipRejectedOrCanonical(
          encoded,
          bit,
          BLOCK,
          Block::encode,
          (b, flipped, decoded) -> {
            assertThat(decoded).isNotEqualTo(block);
            for (Transaction tx : decoded.transactions()) {
              if (!block.transactions().contains(tx)) {
                assertThat(tx.verifySignature()).as("tx changed by bit %d", b).isFalse();
              }
            }
          });
    }
  }

  @Example
  void aTransactionCountBeyondTheInputIsTruncatedBeforeAllocating() {
    Encoder out = new Encoder().u8(TypeTag.BLOCK).u8(Block.VERSION);
    sampleHeader(CommitCertificate.EMPTY).encode(out);
    out.u32(Block.TRANSACTIONS_MAX);
    DecodeException e = expectDecodeException(out.toByteArray(), BLOCK, "huge count");
    assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(e.field()).isEqualTo("block.transactions");
  }

  @Example
  void limitsAndRangesAreTypedErrors() {
    Encoder tooMany = new Encoder().u8(TypeTag.BLOCK).u8(Block.VERSION);
    sampleHeader(CommitCertificate.EMPTY).encode(tooMany);
    tooMany.u32(Block.TRANSACTIONS_MAX + 1);
    assertKind(tooMany.toByteArray(), BLOCK, Kind.TOO_LONG, "block.transactions");

    byte[] header = sampleHeader(CommitCertificate.EMPTY).encode();
    int heightAt = 2 + 4 + "chain".length();
    byte[] zeroHeight = header.clone();
    java.util.Arrays.fill(zeroHeight, heightAt, heightAt + 8, (byte) 0);
    assertKind(zeroHeight, HEADER, Kind.OUT_OF_RANGE, "header.height");

    int commitAt = heightAt + 16 + 5 * Hash.LENGTH + Address.LENGTH;
    byte[] bigRound = header.clone();
    bigRound[commitAt + 8] = (byte) 0x80;
    assertKind(bigRound, HEADER, Kind.OUT_OF_RANGE, "header.lastCommit.round");

    byte[] tooManyVotes = header.clone();
    int countAt = commitAt + 8 + 4 + Hash.LENGTH;
    tooManyVotes[countAt + 2] = (byte) 0x04;
    tooManyVotes[countAt + 3] = (byte) 0x01;
    assertKind(tooManyVotes, HEADER, Kind.TOO_LONG, "header.lastCommit.votes");

    assertKind(
        new Encoder().u8(TypeTag.BLOCK_HEADER).u8(2).toByteArray(),
        HEADER,
        Kind.UNKNOWN_VERSION,
        "header.version");
    assertKind(
        new Encoder().u8(TypeTag.TRANSACTION).u8(1).toByteArray(),
        BLOCK,
        Kind.UNKNOWN_TYPE,
        "block.type");
  }

  @Example
  void aCertificateAtTheVoteLimitRoundTrips() {
    List<CommitCertificate.Precommit> votes =
        java.util.Collections.nCopies(
            CommitCertificate.VOTES_MAX,
            new CommitCertificate.Precommit(Address.of(new byte[20]), Signature.of(new byte[64])));
    CommitCertificate commit = new CommitCertificate(9, Integer.MAX_VALUE, Hash.ZERO, votes);
    BlockHeader header = sampleHeader(commit);
    assertRoundTrip(header, header.encode(), HEADER, BlockHeader::encode);
  }

  @Example
  void aBlockWithEveryPayloadKindRoundTrips() {
    KeyPair key = KeyPair.fromSeed(new byte[32]);
    List<Transaction> txs =
        List.of(
            Transaction.sign("chain", key, 0, new Payload.Transfer(key.address(), 1)),
            Transaction.sign("chain", key, 1, new Payload.Call("kv", 1, "put", new byte[] {1})),
            Transaction.sign("chain", key, 2, new Payload.Governance("upgrade", new byte[0])));
    Block block = new Block(sampleHeader(CommitCertificate.EMPTY), txs);
    assertRoundTrip(block, block.encode(), BLOCK, Block::encode);
  }

  /**
   * BUG (reported, not fixed here): Block.java declares {@code EVIDENCE_BYTES_MIN = 2 * 130}, but a
   * {@link Vote} encodes in 1 + 8 + 4 + 32 + 20 + 64 = 129 bytes, so one piece of evidence is 258
   * bytes. The count check in {@code Block.decode} then rejects every block that carries evidence
   * as TRUNCATED ("1 elements cannot fit in 258 bytes"): a proposer that includes evidence makes a
   * block no node can decode. The generic block properties above fail for the same reason whenever
   * they draw a block with evidence.
   */
  @Example
  void bugABlockWithEvidenceDecodes() {
    KeyPair key = KeyPair.fromSeed(new byte[32]);
    Vote a = Vote.sign("chain", key, VoteType.PRECOMMIT, 3, 0, Hash.fromHex("01".repeat(32)));
    Vote b = Vote.sign("chain", key, VoteType.PRECOMMIT, 3, 0, Hash.fromHex("02".repeat(32)));
    DuplicateVoteEvidence evidence = new DuplicateVoteEvidence(b, a);
    assertThat(evidence.first()).isEqualTo(a);
    Block block = new Block(sampleHeader(CommitCertificate.EMPTY), List.of(), List.of(evidence));
    assertRoundTrip(block, block.encode(), BLOCK, Block::encode);
  }

  @Example
  void evidenceWithVotesOutOfOrderIsNonCanonical() {
    KeyPair key = KeyPair.fromSeed(new byte[32]);
    Vote a = Vote.sign("chain", key, VoteType.PREVOTE, 3, 0, Hash.fromHex("01".repeat(32)));
    Vote b = Vote.sign("chain", key, VoteType.PREVOTE, 3, 0, Hash.fromHex("02".repeat(32)));
    Encoder out = new Encoder().u8(TypeTag.BLOCK).u8(Block.VERSION);
    sampleHeader(CommitCertificate.EMPTY).encode(out);
    out.u32(0).u32(1);
    b.encode(out);
    a.encode(out);
    assertKind(out.toByteArray(), BLOCK, Kind.NON_CANONICAL, "block.evidence[0]");
  }

  static BlockHeader sampleHeader(CommitCertificate commit) {
    return new BlockHeader(
        "chain",
        1,
        0,
        Hash.ZERO,
        MerkleList.EMPTY,
        Hash.ZERO,
        MerkleList.EMPTY,
        MerkleList.EMPTY,
        Address.of(new byte[20]),
        commit);
  }

  private static <T> void assertKind(byte[] bytes, Decode<T> decode, Kind kind, String field) {
    DecodeException e = expectDecodeException(bytes, decode, field);
    assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
  }
}
