package io.ledgerlab.ledger.crypto;

import java.util.Arrays;

/** A 32-byte SHA-256 digest; compares as unsigned bytes. */
public final class Hash implements Comparable<Hash> {
  public static final int LENGTH = 32;
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private final byte[] bytes;

  /**
   * Computed on first use (a benign race, as String's: every thread computes the same value), and
   * never part of {@link #equals}. Cached in the constructor and compared in equals, it once let
   * two hashes of equal bytes compare unequal under load (bench/max-tps.sh at 1,500/s: a vote
   * quorum split in two, honest validators reported as equivocating, the chain stopped; with C1
   * only it never happened). The cause is not proven: a C2 miscompile of copy-then-hash is
   * suspected, a racy source array is not excluded; no reproducer isolates it. Equality by bytes
   * alone holds either way.
   */
  private int hashCode;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of {@code bytes}, which must be exactly 32 bytes long. */
  public static Hash of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** A copy of the 32 bytes of {@code source} from {@code offset}: one copy, for decoders. */
  public static Hash of(byte[] source, int offset) {
    if (offset < 0 || source.length - offset < LENGTH) {
      throw new IllegalArgumentException(
          "a hash is 32 bytes, " + Math.max(0, source.length - offset) + " from offset " + offset);
    }
    return new Hash(Arrays.copyOfRange(source, offset, offset + LENGTH));
  }

  /** Takes ownership of {@code bytes} without copying; for digests just computed. */
  static Hash wrap(byte[] bytes) {
    return new Hash(bytes);
  }

  public static Hash fromHex(String hex) {
    return of(Hex.decode(hex));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Bit {@code index} counted from the most significant bit of byte 0. */
  public int bit(int index) {
    return (bytes[index >>> 3] >>> (7 - (index & 7))) & 1;
  }

  /** The number of leading bits this hash shares with {@code other}. */
  public int commonPrefixBits(Hash other) {
    for (int i = 0; i < LENGTH; i++) {
      int diff = (bytes[i] ^ other.bytes[i]) & 0xff;
      if (diff != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(diff) - 24;
      }
    }
    return LENGTH * 8;
  }

  /** This hash with every bit from {@code bits} on cleared. */
  public Hash prefix(int bits) {
    if (bits >= LENGTH * 8) {
      return this;
    }
    byte[] out = new byte[LENGTH];
    int whole = bits >>> 3;
    System.arraycopy(bytes, 0, out, 0, whole);
    int rest = bits & 7;
    if (rest != 0) {
      out[whole] = (byte) (bytes[whole] & (0xff << (8 - rest)));
    }
    return new Hash(out);
  }

  /** Writes the raw bytes into {@code out} at {@code offset}, without copying first. */
  public void copyTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, LENGTH);
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  public String shortHex() {
    return hex().substring(0, 12);
  }

  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    int h = hashCode;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hashCode = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return hex();
  }
}
