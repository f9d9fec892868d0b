package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A state key read back into what it names, by the layout of {@link StateKeys}: an account, a key
 * of a chain code's own space, the version of a chain code in force, or an upgrade scheduled for a
 * height. A replay names a divergent key this way, and an export sorts the state into a genesis.
 */
public sealed interface StateKey {
  /** The raw key, as stored. */
  byte[] raw();

  /** The key in words, such as {@code chain code kv key "user7"}. */
  String describe();

  /** The account record of {@code address}. */
  record AccountKey(Address address) implements StateKey {
    @Override
    public byte[] raw() {
      return StateKeys.account(address);
    }

    @Override
    public String describe() {
      return "account " + address.hex();
    }
  }

  /** Key {@code key} of chain code {@code chainCode}'s own space. */
  record ChainCodeData(String chainCode, byte[] key) implements StateKey {
    public ChainCodeData {
      key = key.clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public byte[] raw() {
      return StateKeys.concat(StateKeys.chainCodeSpace(chainCode), key);
    }

    @Override
    public String describe() {
      return "chain code " + chainCode + " key " + readable(key);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ChainCodeData d
          && chainCode.equals(d.chainCode)
          && Arrays.equals(key, d.key);
    }

    @Override
    public int hashCode() {
      return chainCode.hashCode() * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Which version of {@code chainCode} is in force. */
  record Version(String chainCode) implements StateKey {
    @Override
    public byte[] raw() {
      return StateKeys.chainCodeVersion(chainCode);
    }

    @Override
    public String describe() {
      return "version in force of chain code " + chainCode;
    }
  }

  /** An upgrade of {@code chainCode} scheduled for the start of block {@code height}. */
  record Upgrade(long height, String chainCode) implements StateKey {
    @Override
    public byte[] raw() {
      return StateKeys.upgrade(height, chainCode);
    }

    @Override
    public String describe() {
      return "upgrade of chain code " + chainCode + " scheduled at height " + height;
    }
  }

  /** A key that fits no space of the layout: only a corrupt or foreign state holds one. */
  record Unknown(byte[] raw) implements StateKey {
    public Unknown {
      raw = raw.clone();
    }

    @Override
    public byte[] raw() {
      return raw.clone();
    }

    @Override
    public String describe() {
      return "key 0x" + Hex.encode(raw) + ", which fits no space of the state";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && Arrays.equals(raw, u.raw);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** What {@code raw} names; never throws, an undecodable key is {@link Unknown}. */
  static StateKey decode(byte[] raw) {
    if (raw.length == 0) {
      return new Unknown(raw);
    }
    byte space = raw[0];
    if (space == StateKeys.ACCOUNT && raw.length == 1 + Address.LENGTH) {
      return new AccountKey(Address.of(Arrays.copyOfRange(raw, 1, raw.length)));
    }
    if (space == StateKeys.CHAIN_CODE_DATA && raw.length >= 2) {
      int nameLength = raw[1] & 0xff;
      if (nameLength > 0 && 2 + nameLength <= raw.length) {
        String name = utf8(raw, 2, nameLength);
        if (name != null) {
          return new ChainCodeData(name, Arrays.copyOfRange(raw, 2 + nameLength, raw.length));
        }
      }
    }
    if (space == StateKeys.CHAIN_CODE_VERSION && raw.length > 1) {
      String name = utf8(raw, 1, raw.length - 1);
      if (name != null) {
        return new Version(name);
      }
    }
    if (space == StateKeys.CHAIN_CODE_UPGRADE && raw.length > 9) {
      String name = utf8(raw, 9, raw.length - 9);
      if (name != null) {
        return new Upgrade(ByteBuffer.wrap(raw, 1, 8).getLong(), name);
      }
    }
    return new Unknown(raw);
  }

  /**
   * Bytes as a person reads them: {@code "text"} in quotes when they are printable ASCII, otherwise
   * {@code 0x} and hex ({@code 0x} alone for none).
   */
  static String readable(byte[] bytes) {
    if (bytes.length == 0) {
      return "0x (empty)";
    }
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return "0x" + Hex.encode(bytes);
      }
    }
    return '"' + new String(bytes, StandardCharsets.US_ASCII) + '"';
  }

  /** The well-formed UTF-8 text of a slice, or null when it is not. */
  private static String utf8(byte[] raw, int from, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw, from, length))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
