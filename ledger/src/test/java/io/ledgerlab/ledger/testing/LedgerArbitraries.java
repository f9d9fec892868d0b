package io.ledgerlab.ledger.testing;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.BlockHeader;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.DuplicateVoteEvidence;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.block.VoteType;
import io.ledgerlab.ledger.chaincode.Event;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Signature;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generators of valid ledger values for property tests. Sizes stay small by default so that
 * properties which decode every prefix or every bit flip of an encoding stay fast; the limits of
 * the codec are covered by the example tests next to each property.
 */
public final class LedgerArbitraries {
  private static final RandomDistribution UNIFORM = RandomDistribution.uniform();
  private static final String NAME_TAIL = "abcdefghijklmnopqrstuvwxyz0123456789_.-";

  private LedgerArbitraries() {}

  public static Arbitrary<byte[]> bytes(int maxLength) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
  }

  public static Arbitrary<byte[]> fixedBytes(int length) {
    return Arbitraries.bytes().array(byte[].class).ofSize(length);
  }

  public static Arbitrary<Hash> hashes() {
    return fixedBytes(Hash.LENGTH).map(Hash::of);
  }

  public static Arbitrary<Address> addresses() {
    return fixedBytes(Address.LENGTH).map(Address::of);
  }

  public static Arbitrary<Signature> signatures() {
    return fixedBytes(Signature.LENGTH).map(Signature::of);
  }

  public static Arbitrary<KeyPair> keyPairs() {
    return fixedBytes(32).map(KeyPair::fromSeed);
  }

  /** Non-negative longs with the edge cases 0 and {@code Long.MAX_VALUE} included. */
  public static Arbitrary<Long> u63() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE);
  }

  /**
   * Valid Unicode text (no lone surrogates) whose UTF-8 form fits in {@code maxBytes}: ASCII up to
   * the limit, or code points from every UTF-8 length class.
   */
  public static Arbitrary<String> text(int maxBytes) {
    Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(maxBytes);
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.integers().between(0, 0x7f)),
            Tuple.of(2, Arbitraries.integers().between(0x80, 0x7ff)),
            Tuple.of(2, Arbitraries.integers().between(0x800, 0xd7ff)),
            Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
            Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
    Arbitrary<String> unicode =
        codePoint
            .list()
            .ofMaxSize(Math.max(1, maxBytes / 2))
            .map(LedgerArbitraries::fromCodePoints)
            .filter(s -> utf8Length(s) <= maxBytes);
    return Arbitraries.oneOf(ascii, unicode);
  }

  /** Chain-code, method and governance-action names: {@code [a-z][a-z0-9_.-]{0,63}}. */
  public static Arbitrary<String> names() {
    return Combinators.combine(
            Arbitraries.chars().range('a', 'z'),
            Arbitraries.strings().withChars(NAME_TAIL).ofMaxLength(Payload.NAME_BYTES_MAX - 1))
        .as((first, tail) -> first + tail);
  }

  public static Arbitrary<Payload> payloads(int maxArgsBytes) {
    Arbitrary<Payload> transfer =
        Combinators.combine(addresses(), Arbitraries.longs().between(1, Long.MAX_VALUE))
            .as(Payload.Transfer::new);
    Arbitrary<Payload> call =
        Combinators.combine(
                names(),
                Arbitraries.integers().between(1, Integer.MAX_VALUE),
                names(),
                bytes(maxArgsBytes))
            .as(Payload.Call::new);
    Arbitrary<Payload> governance =
        Combinators.combine(names(), bytes(maxArgsBytes)).as(Payload.Governance::new);
    return Arbitraries.oneOf(transfer, call, governance);
  }

  public static Arbitrary<Transaction> transactions(int maxArgsBytes) {
    return Combinators.combine(
            text(Transaction.CHAIN_ID_BYTES_MAX), keyPairs(), u63(), payloads(maxArgsBytes))
        .as((chainId, key, nonce, payload) -> Transaction.sign(chainId, key, nonce, payload));
  }

  public static Arbitrary<CommitCertificate.Precommit> precommits() {
    return Combinators.combine(addresses(), signatures()).as(CommitCertificate.Precommit::new);
  }

  public static Arbitrary<Vote> votes() {
    return Combinators.combine(
            Arbitraries.of(VoteType.class),
            u63(),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            hashes(),
            addresses(),
            signatures())
        .as(Vote::new);
  }

  /** Two votes with different block hashes; the evidence puts them in canonical order. */
  public static Arbitrary<DuplicateVoteEvidence> evidence() {
    return Combinators.combine(votes(), votes())
        .filter((a, b) -> !a.blockHash().equals(b.blockHash()))
        .as(DuplicateVoteEvidence::new);
  }

  public static Arbitrary<CommitCertificate> commitCertificates(int maxVotes) {
    Arbitrary<CommitCertificate> random =
        Combinators.combine(
                u63(),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                hashes(),
                precommits().list().ofMaxSize(maxVotes).withSizeDistribution(UNIFORM))
            .as(CommitCertificate::new);
    return Arbitraries.oneOf(random, Arbitraries.just(CommitCertificate.EMPTY));
  }

  public static Arbitrary<BlockHeader> blockHeaders(int maxVotes) {
    Arbitrary<List<Hash>> roots = hashes().list().ofSize(5);
    return Combinators.combine(
            text(Transaction.CHAIN_ID_BYTES_MAX),
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            u63(),
            roots,
            addresses(),
            commitCertificates(maxVotes))
        .as(
            (chainId, height, time, r, proposer, commit) ->
                new BlockHeader(
                    chainId, height, time, r.get(0), r.get(1), r.get(2), r.get(3), r.get(4),
                    proposer, commit));
  }

  public static Arbitrary<Block> blocks(
      int maxTransactions, int maxArgsBytes, int maxVotes, int maxEvidence) {
    return Combinators.combine(
            blockHeaders(maxVotes),
            transactions(maxArgsBytes)
                .list()
                .ofMaxSize(maxTransactions)
                .withSizeDistribution(UNIFORM),
            evidence().list().ofMaxSize(maxEvidence).withSizeDistribution(UNIFORM))
        .as(Block::new);
  }

  public static Arbitrary<Event> events() {
    Arbitrary<TreeMap<String, String>> attributes =
        Arbitraries.maps(text(Receipt.CODE_BYTES_MAX), text(96))
            .ofMaxSize(4)
            .withSizeDistribution(UNIFORM)
            .map(TreeMap::new);
    return Combinators.combine(
            text(Receipt.CODE_BYTES_MAX), text(Receipt.CODE_BYTES_MAX), attributes)
        .as(Event::new);
  }

  /**
   * Receipts, with messages sometimes longer than {@link Receipt#MESSAGE_BYTES_MAX} so that the
   * constructor's truncation is part of what must round-trip.
   */
  public static Arbitrary<Receipt> receipts() {
    Arbitrary<String> message =
        Arbitraries.oneOf(
            text(64),
            text(Receipt.MESSAGE_BYTES_MAX),
            Combinators.combine(text(Receipt.MESSAGE_BYTES_MAX), text(Receipt.MESSAGE_BYTES_MAX))
                .as(String::concat));
    return Combinators.combine(
            hashes(),
            Arbitraries.of(true, false),
            text(Receipt.CODE_BYTES_MAX),
            message,
            bytes(48),
            events().list().ofMaxSize(3).withSizeDistribution(UNIFORM))
        .as(Receipt::new);
  }

  public static Arbitrary<Account> accounts() {
    return Combinators.combine(u63(), u63()).as(Account::new);
  }

  public static Arbitrary<ChainHead> chainHeads() {
    return Combinators.combine(u63(), hashes(), hashes(), u63(), hashes()).as(ChainHead::new);
  }

  public static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder sb = new StringBuilder();
    for (int cp : codePoints) {
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
