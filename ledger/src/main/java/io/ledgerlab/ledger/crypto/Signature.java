package io.ledgerlab.ledger.crypto;

import java.util.Arrays;

/** An Ed25519 signature: 64 bytes. */
public final class Signature {
  public static final int LENGTH = 64;
  private final byte[] bytes;

  private Signature(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Signature of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got " + bytes.length);
    }
    return new Signature(bytes.clone());
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signature s && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
