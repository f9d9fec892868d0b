package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.crypto.Address;
import java.nio.charset.StandardCharsets;

/**
 * The layout of the state's key space. The first byte names the space, so chain codes can never
 * read or write accounts or one another's keys.
 */
public final class StateKeys {
  static final byte ACCOUNT = 0x01;
  static final byte CHAIN_CODE_DATA = 0x02;
  static final byte CHAIN_CODE_VERSION = 0x03;
  static final byte CHAIN_CODE_UPGRADE = 0x04;

  private StateKeys() {}

  public static byte[] account(Address address) {
    return concat(new byte[] {ACCOUNT}, address.bytes());
  }

  /** The prefix under which chain code {@code name} keeps its own keys. */
  public static byte[] chainCodeSpace(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = new byte[2 + n.length];
    prefix[0] = CHAIN_CODE_DATA;
    prefix[1] = (byte) n.length;
    System.arraycopy(n, 0, prefix, 2, n.length);
    return prefix;
  }

  /** Where the version of {@code name} in force is kept. */
  public static byte[] chainCodeVersion(String name) {
    return concat(new byte[] {CHAIN_CODE_VERSION}, name.getBytes(StandardCharsets.UTF_8));
  }

  /** The prefix of upgrades scheduled for {@code height}. */
  public static byte[] upgradesAt(long height) {
    byte[] key = new byte[9];
    key[0] = CHAIN_CODE_UPGRADE;
    for (int i = 0; i < 8; i++) {
      key[1 + i] = (byte) (height >>> (56 - 8 * i));
    }
    return key;
  }

  /** An upgrade of {@code name} scheduled for {@code height}. */
  public static byte[] upgrade(long height, String name) {
    return concat(upgradesAt(height), name.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
