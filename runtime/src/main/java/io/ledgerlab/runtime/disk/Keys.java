package io.ledgerlab.runtime.disk;

import java.util.Arrays;
import java.util.Comparator;

/** Byte-string keys in the order every {@link Disk} uses: unsigned, lexicographic. */
public final class Keys {
  public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private Keys() {}

  /** The smallest key greater than every key that starts with {@code prefix}; null if none. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }
}
