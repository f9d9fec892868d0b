package io.ledgerlab.ledger.crypto.keystore;

import java.nio.CharBuffer;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * A keystore password as characters its holder can wipe: {@link #close()} overwrites them. It has
 * no {@code toString} that shows it and no {@code equals} that could leak it through a log of a
 * failed assertion.
 *
 * <p>What a key is derived from is the password as EIP-2335 prepares it: NFKD-normalised, control
 * codes removed (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F), UTF-8 encoded. A trailing newline
 * from a password file is therefore not part of the password.
 */
public final class Password implements AutoCloseable {
  private final char[] chars;
  private boolean closed;

  private Password(char[] chars) {
    this.chars = chars;
  }

  /** Takes {@code chars} over without copying; {@link #close()} wipes them. */
  public static Password wrap(char[] chars) {
    return new Password(chars);
  }

  /** The password's characters, still owned by this object; callers must not keep them. */
  public char[] chars() {
    requireOpen();
    return chars;
  }

  /** True when nothing is left once control codes are removed: no password at all. */
  public boolean isBlank() {
    requireOpen();
    for (char c : chars) {
      if (!isControl(c)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code other} holds the same characters, in time that does not depend on where. */
  public boolean sameAs(Password other) {
    requireOpen();
    char[] a = chars;
    char[] b = other.chars();
    int diff = a.length ^ b.length;
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      diff |= (i < a.length ? a[i] : 0) ^ (i < b.length ? b[i] : 0);
    }
    return diff == 0;
  }

  /**
   * The bytes a key is derived from (EIP-2335's password processing); the caller wipes them. For an
   * ASCII password NFKD changes nothing, so no copy is made that cannot be wiped; otherwise the
   * JDK's {@link Normalizer} returns a {@code String}, which stays in memory until collected.
   */
  byte[] kdfBytes() {
    requireOpen();
    boolean ascii = true;
    for (char c : chars) {
      ascii &= c < 0x80;
    }
    if (ascii) {
      int kept = 0;
      byte[] out = new byte[chars.length];
      for (char c : chars) {
        if (!isControl(c)) {
          out[kept++] = (byte) c;
        }
      }
      byte[] exact = Arrays.copyOf(out, kept);
      Arrays.fill(out, (byte) 0);
      return exact;
    }
    String normalized = Normalizer.normalize(CharBuffer.wrap(chars), Normalizer.Form.NFKD);
    byte[] out = new byte[normalized.length() * 3];
    int length = 0;
    for (int i = 0; i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < normalized.length()
          && Character.isLowSurrogate(normalized.charAt(i + 1))) {
        length = utf8(Character.toCodePoint(c, normalized.charAt(++i)), out, length);
      } else if (Character.isSurrogate(c)) {
        // A lone surrogate has no UTF-8 form; Java's encoder writes '?' for it too.
        out[length++] = '?';
      } else if (!isControl(c)) {
        length = utf8(c, out, length);
      }
    }
    byte[] exact = Arrays.copyOf(out, length);
    Arrays.fill(out, (byte) 0);
    return exact;
  }

  private static boolean isControl(char c) {
    return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
  }

  /** Writes {@code cp} as UTF-8 at {@code at}; the next free index. */
  private static int utf8(int cp, byte[] out, int at) {
    int i = at;
    if (cp < 0x80) {
      out[i++] = (byte) cp;
    } else if (cp < 0x800) {
      out[i++] = (byte) (0xC0 | cp >> 6);
      out[i++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out[i++] = (byte) (0xE0 | cp >> 12);
      out[i++] = (byte) (0x80 | (cp >> 6 & 0x3F));
      out[i++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      out[i++] = (byte) (0xF0 | cp >> 18);
      out[i++] = (byte) (0x80 | (cp >> 12 & 0x3F));
      out[i++] = (byte) (0x80 | (cp >> 6 & 0x3F));
      out[i++] = (byte) (0x80 | (cp & 0x3F));
    }
    return i;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the password was already wiped");
    }
  }

  /** Overwrites the characters. */
  @Override
  public void close() {
    Arrays.fill(chars, '\0');
    closed = true;
  }

  @Override
  public String toString() {
    return "Password[hidden]";
  }
}
