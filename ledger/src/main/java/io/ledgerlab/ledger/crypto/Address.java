package io.ledgerlab.ledger.crypto;

import java.util.Arrays;

/** An account address: the first 20 bytes of SHA-256 over the account's public key. */
public final class Address implements Comparable<Address> {
  public static final int LENGTH = 20;
  private final byte[] bytes;

  /** Computed on first use (0: not yet): a vote's address is looked up in several maps. */
  private int hash;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Address of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an address is 20 bytes, got " + bytes.length);
    }
    return new Address(bytes.clone());
  }

  static Address of(PublicKey key) {
    return new Address(Arrays.copyOf(Sha256.hash(key.raw()).bytes(), LENGTH));
  }

  public static Address fromHex(String hex) {
    return of(Hex.decode(hex));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public int compareTo(Address o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return hex();
  }
}
