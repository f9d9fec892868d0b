package io.ledgerlab.ledger.codec;

import io.ledgerlab.ledger.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the canonical binary encoding: big-endian fixed-width integers, {@code u32}
 * length-prefixed byte strings and UTF-8 text. The limits checked here are the same ones {@link
 * Decoder} enforces, so nothing encodes that would not decode.
 */
public final class Encoder {
  private byte[] buf;
  private int size;

  public Encoder() {
    this(128);
  }

  public Encoder(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public Encoder u8(int value) {
    checkRange("u8", value, 0xff);
    ensure(1);
    buf[size++] = (byte) value;
    return this;
  }

  public Encoder u16(int value) {
    checkRange("u16", value, 0xffff);
    ensure(2);
    buf[size++] = (byte) (value >>> 8);
    buf[size++] = (byte) value;
    return this;
  }

  public Encoder u32(long value) {
    checkRange("u32", value, 0xffff_ffffL);
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  /** A non-negative 64-bit value; negative values have no encoding. */
  public Encoder u64(long value) {
    checkRange("u64", value, Long.MAX_VALUE);
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public Encoder bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  /** Bytes of a length both sides know, such as a key or a hash: no prefix. */
  public Encoder fixed(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, buf, size, value.length);
    size += value.length;
    return this;
  }

  public Encoder hash(Hash hash) {
    ensure(Hash.LENGTH);
    hash.copyTo(buf, size);
    size += Hash.LENGTH;
    return this;
  }

  /** A {@code u32} length, then the bytes. */
  public Encoder bytes(byte[] value, int maxLength) {
    if (value.length > maxLength) {
      throw new IllegalArgumentException(
          "byte string of " + value.length + " bytes exceeds its limit of " + maxLength);
    }
    u32(value.length);
    return fixed(value);
  }

  /**
   * UTF-8 text. A lone surrogate has no UTF-8 encoding; the JDK would silently write '?', so two
   * different strings would share bytes, hashes and signatures. It is refused instead.
   */
  public Encoder string(String value, int maxBytes) {
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException("string holds a lone surrogate and has no UTF-8 encoding");
    }
    return bytes(value.getBytes(StandardCharsets.UTF_8), maxBytes);
  }

  /** True when every surrogate in {@code s} is half of a pair. */
  public static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A {@code u32} element count, checked against the list's limit. */
  public Encoder count(int count, int maxCount) {
    if (count > maxCount) {
      throw new IllegalArgumentException(
          "list of " + count + " elements exceeds its limit of " + maxCount);
    }
    return u32(count);
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  private static void checkRange(String type, long value, long max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(type + " out of range: " + value);
    }
  }
}
