package io.ledgerlab.ledger.crypto;

import java.util.Arrays;

/** An Ed25519 public key: 32 bytes. */
public final class PublicKey {
  public static final int LENGTH = 32;
  private final byte[] bytes;
  private Address address;

  private PublicKey(byte[] bytes) {
    this.bytes = bytes;
  }

  public static PublicKey of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + bytes.length);
    }
    return new PublicKey(bytes.clone());
  }

  public static PublicKey fromHex(String hex) {
    return of(Hex.decode(hex));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  /** The account address this key controls. */
  public Address address() {
    // Computed on first use: decoding a transaction should not pay for a hash it may not need.
    Address a = address;
    if (a == null) {
      a = Address.of(this);
      address = a;
    }
    return a;
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey k && Arrays.equals(bytes, k.bytes);
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
