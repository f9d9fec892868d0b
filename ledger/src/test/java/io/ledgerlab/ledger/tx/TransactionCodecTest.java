package io.ledgerlab.ledger.tx;

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
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.testing.LedgerArbitraries;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The transaction codec is strict and canonical, and the signature covers every encoded byte: a
 * transaction that differs from a signed one in any bit either does not decode or does not verify.
 */
class TransactionCodecTest {
  private static final KeyPair KEY = KeyPair.fromSeed(new byte[32]);

  @Provide
  Arbitrary<Transaction> transactions() {
    return LedgerArbitraries.transactions(512);
  }

  @Provide
  Arbitrary<Transaction> smallTransactions() {
    return LedgerArbitraries.transactions(12);
  }

  @Property(tries = 300)
  void decodeOfEncodeIsIdentityAndCanonical(@ForAll("transactions") Transaction tx) {
    Transaction decoded =
        assertRoundTrip(tx, tx.encoded(), Transaction::decode, Transaction::encoded);
    assertThat(decoded.chainId()).isEqualTo(tx.chainId());
    assertThat(decoded.sender()).isEqualTo(tx.sender());
    assertThat(decoded.nonce()).isEqualTo(tx.nonce());
    assertThat(decoded.payload()).isEqualTo(tx.payload());
    assertThat(decoded.signature()).isEqualTo(tx.signature());
    assertThat(decoded.hash()).isEqualTo(tx.hash());
    assertThat(decoded.verifySignature()).isTrue();
  }

  @Property(tries = 200)
  void everyStrictPrefixIsTruncated(@ForAll("transactions") Transaction tx) {
    assertEveryPrefixTruncated(tx.encoded(), Transaction::decode);
  }

  @Property(tries = 200)
  void aTrailingByteIsRejected(@ForAll("transactions") Transaction tx, @ForAll byte extra) {
    assertTrailingByteRejected(tx.encoded(), extra, Transaction::decode);
  }

  /**
   * Every byte of the encoding is either signed (the body, behind the domain tag) or the signature
   * itself, so a flip that still decodes must give a transaction whose signature fails.
   */
  @Property(tries = 25)
  void everyBitFlipIsRejectedOrFailsTheSignature(@ForAll("smallTransactions") Transaction tx) {
    byte[] encoded = tx.encoded();
    int decoded =
        assertEveryBitFlipRejectedOrCanonical(
            encoded,
            Transaction::decode,
            Transaction::encoded,
            (bit, flipped, t) -> assertForged(tx, bit, t));
    // The signature and the sender key alone are 768 bits that always decode.
    assertThat(decoded).isGreaterThanOrEqualTo(768);
  }

  @Property(tries = 400)
  void aRandomBitFlipIsRejectedOrFailsTheSignature(
      @ForAll("transactions") Transaction tx,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where) {
    byte[] encoded = tx.encoded();
    int bit = where % (encoded.length * 8);
    assertBitFlipRejectedOrCanonical(
        encoded,
        bit,
        Transaction::decode,
        Transaction::encoded,
        (b, flipped, t) -> assertForged(tx, b, t));
  }

  @Example
  void argumentsAtTheLimitRoundTrip() {
    byte[] args = new byte[Payload.ARGS_BYTES_MAX];
    Arrays.fill(args, (byte) 0xa5);
    String chainId = "c".repeat(Transaction.CHAIN_ID_BYTES_MAX);
    String name = "n".repeat(Payload.NAME_BYTES_MAX);
    Transaction tx =
        Transaction.sign(chainId, KEY, Long.MAX_VALUE, new Payload.Call(name, 7, name, args));
    assertRoundTrip(tx, tx.encoded(), Transaction::decode, Transaction::encoded);
    assertThat(tx.sizeBytes()).isLessThanOrEqualTo(Transaction.ENCODED_BYTES_MAX);
  }

  @Example
  void argumentsOverTheLimitAreTooLong() {
    Encoder out = body("chain", TxKind.CALL);
    out.string("token", 64).u32(1).string("transfer", 64);
    out.u32(Payload.ARGS_BYTES_MAX + 1).fixed(new byte[Payload.ARGS_BYTES_MAX + 1]);
    out.fixed(new byte[64]);
    assertKind(out.toByteArray(), Kind.TOO_LONG, "tx.call.args");
  }

  @Example
  void aChainIdOverTheLimitIsTooLong() {
    Encoder out = new Encoder().u8(TypeTag.TRANSACTION).u8(Transaction.VERSION);
    out.u32(Transaction.CHAIN_ID_BYTES_MAX + 1).fixed(new byte[Transaction.CHAIN_ID_BYTES_MAX + 1]);
    out.fixed(new byte[200]);
    assertKind(out.toByteArray(), Kind.TOO_LONG, "tx.chainId");
  }

  @Example
  void malformedFieldsAreTypedErrors() {
    byte[] valid =
        Transaction.sign("chain", KEY, 3, new Payload.Transfer(KEY.address(), 5)).encoded();
    assertKind(with(valid, 0, 0x02), Kind.UNKNOWN_TYPE, "tx.type");
    assertKind(with(valid, 1, 0x02), Kind.UNKNOWN_VERSION, "tx.version");
    int kindAt = 2 + 4 + 5 + 32 + 8;
    assertKind(with(valid, kindAt, 0x00), Kind.UNKNOWN_TAG, "tx.kind");
    assertKind(with(valid, kindAt, 0x04), Kind.UNKNOWN_TAG, "tx.kind");
    assertKind(with(valid, kindAt - 8, 0x80), Kind.OUT_OF_RANGE, "tx.nonce");
    byte[] zeroAmount = valid.clone();
    Arrays.fill(zeroAmount, kindAt + 1 + Address.LENGTH, kindAt + 1 + Address.LENGTH + 8, (byte) 0);
    assertKind(zeroAmount, Kind.OUT_OF_RANGE, "tx.transfer.amount");
  }

  @Example
  void invalidNamesAndVersionsAreRejected() {
    Encoder badName = body("chain", TxKind.GOVERNANCE);
    badName.string("Upgrade", 64).u32(0).fixed(new byte[64]);
    assertKind(badName.toByteArray(), Kind.INVALID_VALUE, "tx.governance.action");

    Encoder versionTooBig = body("chain", TxKind.CALL);
    versionTooBig.string("kv", 64).u32(0x8000_0000L).string("put", 64).u32(0).fixed(new byte[64]);
    assertKind(versionTooBig.toByteArray(), Kind.OUT_OF_RANGE, "tx.call.version");
  }

  @Example
  void invalidUtf8InTheChainIdIsRejected() {
    Encoder out = new Encoder().u8(TypeTag.TRANSACTION).u8(Transaction.VERSION);
    // An overlong encoding of '/', then a UTF-16 surrogate encoded as if it were a code point.
    out.bytes(new byte[] {(byte) 0xc0, (byte) 0xaf}, 64).fixed(new byte[200]);
    assertKind(out.toByteArray(), Kind.INVALID_UTF8, "tx.chainId");
    Encoder surrogate = new Encoder().u8(TypeTag.TRANSACTION).u8(Transaction.VERSION);
    surrogate.bytes(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, 64).fixed(new byte[200]);
    assertKind(surrogate.toByteArray(), Kind.INVALID_UTF8, "tx.chainId");
  }

  /** A decoded transaction that is not {@code original} must not carry a valid signature. */
  private static void assertForged(Transaction original, int bit, Transaction forged) {
    assertThat(forged.hash()).as("hash after flipping bit %d", bit).isNotEqualTo(original.hash());
    assertThat(forged.verifySignature())
        .as("signature check after flipping bit %d of %s", bit, original)
        .isFalse();
  }

  private static Encoder body(String chainId, TxKind kind) {
    Encoder out = new Encoder().u8(TypeTag.TRANSACTION).u8(Transaction.VERSION);
    out.string(chainId, Transaction.CHAIN_ID_BYTES_MAX).fixed(KEY.publicKey().bytes()).u64(1);
    return out.u8(kind.tag());
  }

  private static byte[] with(byte[] bytes, int index, int value) {
    byte[] out = bytes.clone();
    out[index] = (byte) value;
    return out;
  }

  private static void assertKind(byte[] bytes, Kind kind, String field) {
    DecodeException e = expectDecodeException(bytes, Transaction::decode, field);
    assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
  }
}
