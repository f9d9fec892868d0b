package io.ledgerlab.ledger.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.crypto.Hex;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The checks every strict, canonical decoder must pass on a valid encoding: what decodes re-encodes
 * to the same bytes, and malformed input fails with a {@link DecodeException} only.
 */
public final class CodecChecks {
  private CodecChecks() {}

  /** A decoder of whole buffers. */
  @FunctionalInterface
  public interface Decode<T> {
    T decode(byte[] bytes) throws DecodeException;
  }

  /** What a caller wants to check about a value decoded from flipped bytes. */
  @FunctionalInterface
  public interface FlipCheck<T> {
    void check(int bit, byte[] flipped, T decoded);
  }

  /** {@code decode(encoded)} equals {@code value} and encodes back to exactly {@code encoded}. */
  public static <T> T assertRoundTrip(
      T value, byte[] encoded, Decode<T> decode, Function<T, byte[]> encode) {
    T decoded = decodeOrFail(encoded, decode, "a valid encoding");
    assertThat(decoded).isEqualTo(value);
    assertThat(encode.apply(decoded)).as("re-encoding of the decoded value").isEqualTo(encoded);
    return decoded;
  }

  /**
   * Every strict prefix fails with {@link DecodeException.Kind#TRUNCATED}: the encoding is
   * prefix-free, and until the cut the decoder reads exactly what it read from the whole input.
   */
  public static <T> void assertEveryPrefixTruncated(byte[] encoded, Decode<T> decode) {
    for (int length = 0; length < encoded.length; length++) {
      byte[] prefix = Arrays.copyOf(encoded, length);
      DecodeException e = expectDecodeException(prefix, decode, "prefix of " + length + " bytes");
      assertThat(e.kind())
          .as("kind for a prefix of %d of %d bytes: %s", length, encoded.length, e.getMessage())
          .isEqualTo(DecodeException.Kind.TRUNCATED);
      assertThat(e.offset()).as("offset of %s", e.getMessage()).isBetween(0, length);
    }
  }

  /** One byte after a valid encoding fails with {@link DecodeException.Kind#TRAILING_BYTES}. */
  public static <T> void assertTrailingByteRejected(byte[] encoded, byte extra, Decode<T> decode) {
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    longer[encoded.length] = extra;
    DecodeException e = expectDecodeException(longer, decode, "encoding plus one byte");
    assertThat(e.kind()).as(e.getMessage()).isEqualTo(DecodeException.Kind.TRAILING_BYTES);
    assertThat(e.offset()).isEqualTo(encoded.length);
  }

  /** {@link #assertBitFlipRejectedOrCanonical} for every bit of {@code encoded}. */
  public static <T> int assertEveryBitFlipRejectedOrCanonical(
      byte[] encoded, Decode<T> decode, Function<T, byte[]> encode, FlipCheck<T> check) {
    int decodedCount = 0;
    for (int bit = 0; bit < encoded.length * 8; bit++) {
      if (assertBitFlipRejectedOrCanonical(encoded, bit, decode, encode, check)) {
        decodedCount++;
      }
    }
    return decodedCount;
  }

  /**
   * Flipping {@code bit} either makes the input fail with {@link DecodeException} or gives a value
   * whose encoding is exactly the flipped bytes; {@code check} then sees the decoded value.
   *
   * @return whether the flipped input decoded
   */
  public static <T> boolean assertBitFlipRejectedOrCanonical(
      byte[] encoded, int bit, Decode<T> decode, Function<T, byte[]> encode, FlipCheck<T> check) {
    byte[] flipped = encoded.clone();
    flipped[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
    T decoded;
    try {
      decoded = decode.decode(flipped);
    } catch (DecodeException e) {
      return false;
    } catch (RuntimeException | Error e) {
      throw new AssertionError(
          "bit " + bit + " flipped: expected only DecodeException, input " + Hex.encode(flipped),
          e);
    }
    assertThat(encode.apply(decoded))
        .as("re-encoding after flipping bit %d of %s", bit, Hex.encode(encoded))
        .isEqualTo(flipped);
    check.check(bit, flipped, decoded);
    return true;
  }

  public static <T> T decodeOrFail(byte[] bytes, Decode<T> decode, String what) {
    try {
      return decode.decode(bytes);
    } catch (DecodeException e) {
      throw new AssertionError(what + " failed to decode: " + Hex.encode(bytes), e);
    }
  }

  /** Decodes {@code bytes}, which must fail with {@link DecodeException} and nothing else. */
  public static <T> DecodeException expectDecodeException(
      byte[] bytes, Decode<T> decode, String what) {
    Throwable thrown = catchThrowable(() -> decode.decode(bytes));
    if (!(thrown instanceof DecodeException e)) {
      throw new AssertionError(
          what
              + ": expected a DecodeException, got "
              + (thrown == null ? "a decoded value" : thrown)
              + " for input "
              + Hex.encode(bytes),
          thrown);
    }
    return e;
  }
}
