package io.ledgerlab.ledger.codec;

import io.ledgerlab.ledger.crypto.Hex;
import java.util.Arrays;

/** An immutable byte string ordered as unsigned bytes: usable as a map key. */
public final class Bytes implements Comparable<Bytes> {
  private final byte[] bytes;
  private final int hashCode;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
  }

  public static Bytes of(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Takes ownership of {@code bytes}; the caller must not change them afterwards. */
  public static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes);
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** The bytes themselves, not a copy; callers must not change them. */
  public byte[] unsafeArray() {
    return bytes;
  }

  public int length() {
    return bytes.length;
  }

  public boolean startsWith(byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && hashCode == b.hashCode && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public String toString() {
    return Hex.encode(bytes);
  }
}
