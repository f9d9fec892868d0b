package io.ledgerlab.ledger.codec;

import io.ledgerlab.ledger.codec.DecodeException.Kind;
import io.ledgerlab.ledger.crypto.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link Encoder} writes, strictly. Every length is checked against its limit and
 * against the bytes that remain before anything is allocated, so hostile input cannot make the
 * decoder allocate more than the input's own size.
 */
public final class Decoder {
  private final byte[] in;
  private final int end;
  private int pos;

  public Decoder(byte[] in) {
    this(in, 0, in.length);
  }

  public Decoder(byte[] in, int offset, int length) {
    this.in = in;
    this.pos = offset;
    this.end = offset + length;
  }

  public int offset() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  public int u8(String field) throws DecodeException {
    require(field, 1);
    return in[pos++] & 0xff;
  }

  public int u16(String field) throws DecodeException {
    require(field, 2);
    int v = (in[pos] & 0xff) << 8 | (in[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public long u32(String field) throws DecodeException {
    require(field, 4);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = v << 8 | (in[pos++] & 0xff);
    }
    return v;
  }

  public long u64(String field) throws DecodeException {
    int start = pos;
    require(field, 8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (in[pos++] & 0xff);
    }
    if (v < 0) {
      throw new DecodeException(Kind.OUT_OF_RANGE, field, start, "value exceeds 2^63-1");
    }
    return v;
  }

  /** A u64 that must lie in {@code [min, max]}. */
  public long u64(String field, long min, long max) throws DecodeException {
    int start = pos;
    long v = u64(field);
    if (v < min || v > max) {
      throw new DecodeException(
          Kind.OUT_OF_RANGE, field, start, v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  public boolean bool(String field) throws DecodeException {
    int start = pos;
    int v = u8(field);
    if (v > 1) {
      throw new DecodeException(
          Kind.NON_CANONICAL, field, start, "boolean must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  public byte[] fixed(String field, int length) throws DecodeException {
    require(field, length);
    byte[] out = Arrays.copyOfRange(in, pos, pos + length);
    pos += length;
    return out;
  }

  public Hash hash(String field) throws DecodeException {
    require(field, Hash.LENGTH);
    Hash hash = Hash.of(in, pos);
    pos += Hash.LENGTH;
    return hash;
  }

  public byte[] bytes(String field, int maxLength) throws DecodeException {
    int start = pos;
    long length = u32(field + ".length");
    if (length > maxLength) {
      throw new DecodeException(
          Kind.TOO_LONG, field, start, length + " bytes exceed the limit of " + maxLength);
    }
    return fixed(field, (int) length);
  }

  /** Strict UTF-8: malformed sequences are an error, never replaced. */
  public String string(String field, int maxBytes) throws DecodeException {
    int start = pos;
    byte[] raw = bytes(field, maxBytes);
    if (isAscii(raw)) {
      return new String(raw, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(Kind.INVALID_UTF8, field, start, "not valid UTF-8");
    }
  }

  private static boolean isAscii(byte[] raw) {
    for (byte b : raw) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * A list's element count. Each element takes at least {@code minElementBytes}, so a count the
   * remaining input could not hold is rejected before any list is sized by it.
   */
  public int count(String field, int maxCount, int minElementBytes) throws DecodeException {
    int start = pos;
    long count = u32(field + ".count");
    if (count > maxCount) {
      throw new DecodeException(
          Kind.TOO_LONG, field, start, count + " elements exceed the limit of " + maxCount);
    }
    if (count * Math.max(1, minElementBytes) > remaining()) {
      throw new DecodeException(
          Kind.TRUNCATED,
          field,
          start,
          count + " elements cannot fit in " + remaining() + " bytes");
    }
    return (int) count;
  }

  /** Reads a type tag and version and checks both. */
  public void header(String field, int type, int version) throws DecodeException {
    int start = pos;
    // Field names are built only on failure: this runs for every value decoded.
    if (end - pos < 1) {
      throw new DecodeException(Kind.TRUNCATED, field + ".type", pos, "needs 1 bytes, 0 remain");
    }
    int t = in[pos] & 0xff;
    if (t != type) {
      throw new DecodeException(
          Kind.UNKNOWN_TYPE, field + ".type", start, "expected type " + type + ", got " + t);
    }
    if (end - pos < 2) {
      throw new DecodeException(
          Kind.TRUNCATED, field + ".version", pos + 1, "needs 1 bytes, 0 remain");
    }
    int v = in[pos + 1] & 0xff;
    if (v != version) {
      throw new DecodeException(
          Kind.UNKNOWN_VERSION,
          field + ".version",
          start + 1,
          "expected version " + version + ", got " + v);
    }
    pos += 2;
  }

  /** Fails unless every byte has been read: one value has exactly one encoding. */
  public void end(String what) throws DecodeException {
    if (pos != end) {
      throw new DecodeException(
          Kind.TRAILING_BYTES, what, pos, (end - pos) + " bytes after the end of the value");
    }
  }

  /** A copy of input bytes already read, such as the exact encoding of one value. */
  public byte[] copyOfRange(int from, int to) {
    return Arrays.copyOfRange(in, from, to);
  }

  public DecodeException invalid(String field, int offset, String detail) {
    return new DecodeException(Kind.INVALID_VALUE, field, offset, detail);
  }

  private void require(String field, int length) throws DecodeException {
    if (length < 0 || end - pos < length) {
      throw new DecodeException(
          Kind.TRUNCATED, field, pos, "needs " + length + " bytes, " + (end - pos) + " remain");
    }
  }
}
