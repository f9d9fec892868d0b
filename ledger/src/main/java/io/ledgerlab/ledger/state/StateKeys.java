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
  static final byte GOVERNANCE = 0x05;
  private static final byte GOV_NEXT_PROPOSAL = 'n';
  private static final byte GOV_PROPOSAL = 'p';
  private static final byte GOV_INSTALLED = 'i';
  private static final byte GOV_ACTIVE = 'a';

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

  /** Where the number of governance proposals made so far is kept. */
  public static byte[] proposalCount() {
    return new byte[] {GOVERNANCE, GOV_NEXT_PROPOSAL};
  }

  /** Where governance proposal {@code id} is kept: its content, approvals and status. */
  public static byte[] proposal(long id) {
    byte[] key = new byte[10];
    key[0] = GOVERNANCE;
    key[1] = GOV_PROPOSAL;
    for (int i = 0; i < 8; i++) {
      key[2 + i] = (byte) (id >>> (56 - 8 * i));
    }
    return key;
  }

  /**
   * The SHA-256 of the jar that governance installed as {@code name} at {@code version}. The name
   * is length-prefixed, so no name's keys are a prefix of another's.
   */
  public static byte[] installedCode(String name, int version) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[3 + n.length + 4];
    key[0] = GOVERNANCE;
    key[1] = GOV_INSTALLED;
    key[2] = (byte) n.length;
    System.arraycopy(n, 0, key, 3, n.length);
    for (int i = 0; i < 4; i++) {
      key[3 + n.length + i] = (byte) (version >>> (24 - 8 * i));
    }
    return key;
  }

  /** The prefix of the installed versions of chain code {@code name}, each a u32 after it. */
  public static byte[] installedCodesOf(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[3 + n.length];
    key[0] = GOVERNANCE;
    key[1] = GOV_INSTALLED;
    key[2] = (byte) n.length;
    System.arraycopy(n, 0, key, 3, n.length);
    return key;
  }

  /** The prefix of every jar hash governance installed. */
  public static byte[] installedCodes() {
    return new byte[] {GOVERNANCE, GOV_INSTALLED};
  }

  /** The prefix of the chain codes now running a governance-installed jar. */
  public static byte[] activeCodes() {
    return new byte[] {GOVERNANCE, GOV_ACTIVE};
  }

  /** Where the governance-installed version of {@code name} in force is kept, with its jar hash. */
  public static byte[] activeCode(String name) {
    return concat(activeCodes(), name.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
