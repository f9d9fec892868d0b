package io.ledgerlab.ledger.block;

import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryBitFlipRejectedOrCanonical;
import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryPrefixTruncated;
import static io.ledgerlab.ledger.testing.CodecChecks.assertRoundTrip;
import static io.ledgerlab.ledger.testing.CodecChecks.assertTrailingByteRejected;
import static io.ledgerlab.ledger.testing.CodecChecks.expectDecodeException;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.chaincode.Event;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.DecodeException.Kind;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.testing.CodecChecks.Decode;
import io.ledgerlab.ledger.testing.LedgerArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/** Receipts, alone and as a block's list, decode strictly and canonically. */
class ReceiptCodecTest {
  private static final Decode<List<Receipt>> ALL = Receipt::decodeAll;

  private static final Decode<Receipt> ONE =
      bytes -> {
        Decoder in = new Decoder(bytes);
        Receipt r = Receipt.decode(in);
        in.end("receipt");
        return r;
      };

  @Provide
  Arbitrary<Receipt> receipts() {
    return LedgerArbitraries.receipts();
  }

  @Provide
  Arbitrary<List<Receipt>> receiptLists() {
    return LedgerArbitraries.receipts()
        .list()
        .ofMaxSize(3)
        .withSizeDistribution(RandomDistribution.uniform());
  }

  @Property(tries = 300)
  void receiptDecodeOfEncodeIsIdentityAndCanonical(@ForAll("receipts") Receipt receipt) {
    Receipt decoded = assertRoundTrip(receipt, receipt.encode(), ONE, Receipt::encode);
    assertThat(decoded.hash()).isEqualTo(receipt.hash());
    assertThat(decoded.events()).isEqualTo(receipt.events());
    assertThat(decoded.message().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(Receipt.MESSAGE_BYTES_MAX);
  }

  @Property(tries = 200)
  void receiptListDecodeOfEncodeIsIdentityAndCanonical(
      @ForAll("receiptLists") List<Receipt> receipts) {
    List<Receipt> decoded =
        assertRoundTrip(receipts, Receipt.encodeAll(receipts), ALL, Receipt::encodeAll);
    assertThat(Receipt.root(decoded)).isEqualTo(Receipt.root(receipts));
  }

  @Property(tries = 150)
  void everyStrictPrefixIsTruncated(@ForAll("receiptLists") List<Receipt> receipts) {
    assertEveryPrefixTruncated(Receipt.encodeAll(receipts), ALL);
  }

  @Property(tries = 200)
  void aTrailingByteIsRejected(@ForAll("receiptLists") List<Receipt> receipts, @ForAll byte extra) {
    assertTrailingByteRejected(Receipt.encodeAll(receipts), extra, ALL);
  }

  @Property(tries = 40)
  void everyBitFlipIsRejectedOrCanonical(@ForAll("receiptLists") List<Receipt> receipts) {
    assertEveryBitFlipRejectedOrCanonical(
        Receipt.encodeAll(receipts),
        ALL,
        Receipt::encodeAll,
        (bit, flipped, decoded) -> assertThat(decoded).as("bit %d", bit).isNotEqualTo(receipts));
  }

  @Example
  void attributesMustBeStrictlySorted() throws DecodeException {
    Encoder unsorted = receiptWithAttributes("b", "a");
    assertKind(unsorted.toByteArray(), Kind.NON_CANONICAL, "receipt.events[0].attributes");
    Encoder duplicate = receiptWithAttributes("a", "a");
    assertKind(duplicate.toByteArray(), Kind.NON_CANONICAL, "receipt.events[0].attributes");
    Encoder sorted = receiptWithAttributes("a", "b");
    assertThat(ONE.decode(sorted.toByteArray()).events().get(0).attributes())
        .containsOnlyKeys("a", "b");
  }

  @Example
  void aBooleanOtherThanZeroOrOneIsNonCanonical() {
    byte[] encoded = Receipt.success(Hash.ZERO, new byte[0], List.of()).encode();
    encoded[2 + Hash.LENGTH] = 2;
    assertKind(encoded, Kind.NON_CANONICAL, "receipt.ok");
  }

  @Example
  void aLongMessageIsCutToTheLimitOnACharacterBoundary() throws DecodeException {
    String message = "\uD83D\uDE00".repeat(200);
    Receipt receipt = Receipt.failure(Hash.ZERO, "E", message);
    byte[] utf8 = receipt.message().getBytes(StandardCharsets.UTF_8);
    assertThat(utf8.length).isLessThanOrEqualTo(Receipt.MESSAGE_BYTES_MAX);
    assertThat(receipt.message()).endsWith("...").doesNotContain("?");
    assertThat(ONE.decode(receipt.encode())).isEqualTo(receipt);
  }

  /**
   * BUG (reported, not fixed here): {@link Event} copies its attributes with {@code new
   * TreeMap<>(SortedMap)}, which keeps the caller's comparator. Attributes given in another order
   * (here reversed) are encoded in that order, which {@link Receipt#decodeAll} rejects as
   * NON_CANONICAL: the encoder writes bytes its own decoder refuses, so a node that stored such a
   * receipt cannot read it back. The fix belongs in Event.java: copy into a naturally ordered map.
   */
  @Example
  void bugEventAttributesInACustomOrderStillEncodeCanonically() throws DecodeException {
    TreeMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.putAll(Map.of("amount", "5", "to", "ab"));
    Receipt receipt =
        Receipt.success(Hash.ZERO, new byte[0], List.of(new Event("t", "x", reversed)));
    byte[] encoded = Receipt.encodeAll(List.of(receipt));
    assertThat(Receipt.decodeAll(encoded)).containsExactly(receipt);
  }

  private static Encoder receiptWithAttributes(String first, String second) {
    Encoder out = new Encoder().u8(TypeTag.RECEIPT).u8(1).hash(Hash.ZERO).bool(true);
    out.string("", 64).string("", 512).bytes(new byte[0], 1024).count(1, 64);
    out.string("kv", 64).string("put", 64).count(2, 32);
    out.string(first, 64).string("1", 1024).string(second, 64).string("2", 1024);
    return out;
  }

  private static void assertKind(byte[] bytes, Kind kind, String field) {
    DecodeException e = expectDecodeException(bytes, ONE, field);
    assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
  }
}
