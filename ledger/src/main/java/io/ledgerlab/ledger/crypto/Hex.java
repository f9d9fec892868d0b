package io.ledgerlab.ledger.crypto;

/** Lower-case hexadecimal, strict on input. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Decodes {@code hex}, with or without a {@code 0x} prefix.
   *
   * @throws IllegalArgumentException naming the first character that is not a hex digit
   */
  public static byte[] decode(String hex) {
    String s = hex.startsWith("0x") ? hex.substring(2) : hex;
    if (s.length() % 2 != 0) {
      throw new IllegalArgumentException("hex string has an odd length: " + s.length());
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (digit(s, 2 * i) << 4 | digit(s, 2 * i + 1));
    }
    return out;
  }

  /**
   * An ASCII hex digit's value. Not {@link Character#digit}: it also takes other scripts' digits
   * and full-width letters, per the Unicode tables of the running JDK, so one key could be spelled
   * many ways.
   */
  private static int digit(String s, int index) {
    char c = s.charAt(index);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("not a hex digit at index " + index + ": '" + c + "'");
  }
}
