package io.ledgerlab.ledger.gov;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.testing.CodecChecks;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The governance bodies decode strictly: one encoding per value, garbage only ever a
 * DecodeException.
 */
class GovBodiesCodecTest {
  private static final Propose PROPOSE =
      new Propose(7, new Install("auction", 2, "ab".repeat(32), 120), 100);
  private static final Approve APPROVE = new Approve(7, PROPOSE.contentHash("chain"));

  @Test
  void proposeRoundTripsAndRejectsEveryTruncationAndTrailingByte() {
    byte[] bytes = PROPOSE.encode();
    CodecChecks.assertRoundTrip(PROPOSE, bytes, Propose::decode, Propose::encode);
    CodecChecks.assertEveryPrefixTruncated(bytes, Propose::decode);
    CodecChecks.assertTrailingByteRejected(bytes, (byte) 0, Propose::decode);
    CodecChecks.assertEveryBitFlipRejectedOrCanonical(
        bytes, Propose::decode, Propose::encode, (bit, flipped, decoded) -> {});
  }

  @Test
  void approveRoundTripsAndRejectsEveryTruncationAndTrailingByte() {
    byte[] bytes = APPROVE.encode();
    CodecChecks.assertRoundTrip(APPROVE, bytes, Approve::decode, Approve::encode);
    CodecChecks.assertEveryPrefixTruncated(bytes, Approve::decode);
    CodecChecks.assertTrailingByteRejected(bytes, (byte) 9, Approve::decode);
    CodecChecks.assertEveryBitFlipRejectedOrCanonical(
        bytes, Approve::decode, Approve::encode, (bit, flipped, decoded) -> {});
  }

  @Test
  void outOfRangeFieldsAreTypedErrorsNamingTheField() {
    byte[] zeroId = PROPOSE.encode();
    Arrays.fill(zeroId, 1, 9, (byte) 0);
    assertField(zeroId, Propose::decode, "propose.id", DecodeException.Kind.OUT_OF_RANGE);
    byte[] kind = PROPOSE.encode();
    kind[9] = 2;
    assertField(kind, Propose::decode, "propose.kind", DecodeException.Kind.UNKNOWN_TAG);
    byte[] version = PROPOSE.encode();
    version[0] = 2;
    assertField(version, Propose::decode, "propose.version", DecodeException.Kind.UNKNOWN_VERSION);
    byte[] badName =
        new Encoder()
            .u8(1)
            .u64(1)
            .u8(1)
            .string("Not-A-Name", 64)
            .u32(1)
            .fixed(new byte[32])
            .u64(5)
            .u64(3)
            .toByteArray();
    assertField(
        badName, Propose::decode, "propose.install.chainCode", DecodeException.Kind.INVALID_VALUE);
    byte[] versionZero =
        new Encoder()
            .u8(1)
            .u64(1)
            .u8(1)
            .string("app", 64)
            .u32(0)
            .fixed(new byte[32])
            .u64(5)
            .u64(3)
            .toByteArray();
    assertField(
        versionZero, Propose::decode, "propose.install.version", DecodeException.Kind.OUT_OF_RANGE);
  }

  /** Seeded garbage: random bytes and random mutations of valid bodies. */
  @Test
  void garbageBodiesFailOnlyWithDecodeException() {
    var random = SeededEntropy.of(2026).fork("garbage");
    byte[][] seeds = {PROPOSE.encode(), APPROVE.encode()};
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(120)];
        random.nextBytes(input);
      } else {
        byte[] seed = seeds[random.nextInt(2)];
        input = Arrays.copyOf(seed, Math.max(0, seed.length + random.nextInt(5) - 2));
        for (int m = random.nextInt(4); m >= 0 && input.length > 0; m--) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
      }
      decoded += decodes(input, Propose::decode, Propose::encode);
      decoded += decodes(input, Approve::decode, Approve::encode);
    }
    assertThat(decoded).as("some mutations stay valid and re-encode canonically").isPositive();
  }

  private static <T> int decodes(
      byte[] input, CodecChecks.Decode<T> decode, java.util.function.Function<T, byte[]> encode) {
    T value;
    try {
      value = decode.decode(input);
    } catch (DecodeException e) {
      return 0;
    } catch (RuntimeException e) {
      throw new AssertionError("escaped for input " + Hex.encode(input), e);
    }
    assertThat(encode.apply(value)).as(Hex.encode(input)).isEqualTo(input);
    return 1;
  }

  private static <T> void assertField(
      byte[] bytes, CodecChecks.Decode<T> decode, String field, DecodeException.Kind kind) {
    DecodeException e = CodecChecks.expectDecodeException(bytes, decode, field);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
  }

  @Test
  void aStoredRecordRoundTrips() {
    ProposalRecord r = new ProposalRecord(PROPOSE, Hash.of(new byte[32]), 0, false);
    ProposalRecord approved = r.withApproval(0).withApproval(63).asScheduled();
    assertThat(ProposalRecord.decode(approved.encode())).isEqualTo(approved);
    assertThat(approved.approvalCount()).isEqualTo(2);
    assertThat(approved.approvedBy(63)).isTrue();
    assertThat(approved.approvedBy(1)).isFalse();
  }
}
