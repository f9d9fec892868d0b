package io.ledgerlab.chaincode;

import java.util.Arrays;

/** An account address: the first 20 bytes of SHA-256 over the account's public key. */
public final class Address implements Comparable<Address> {
  public static final int LENGTH = 20;
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final byte[] bytes;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Address of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an address is 20 bytes, got " + bytes.length);
    }
    return new Address(bytes.clone());
  }

  /** The address written as 40 lowercase or uppercase hex digits. */
  public static Address fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("an address is 40 hex digits, got " + hex.length());
    }
    byte[] out = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[i] = (byte) (digit(hex, 2 * i) << 4 | digit(hex, 2 * i + 1));
    }
    return new Address(out);
  }

  private static int digit(String hex, int at) {
    int d = Character.digit(hex.charAt(at), 16);
    if (d < 0) {
      throw new IllegalArgumentException("not a hex digit at " + at + ": '" + hex.charAt(at) + "'");
    }
    return d;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    char[] out = new char[2 * LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
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
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
