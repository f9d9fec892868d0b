package io.ledgerlab.ledger.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one hash function of the reference chain. */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
          });

  private Sha256() {}

  public static Hash hash(byte[] data) {
    MessageDigest sha = DIGEST.get();
    return Hash.wrap(sha.digest(data));
  }

  /** The hash of the concatenation of {@code parts}. */
  public static Hash hash(byte[]... parts) {
    MessageDigest sha = DIGEST.get();
    for (byte[] part : parts) {
      sha.update(part);
    }
    return Hash.wrap(sha.digest());
  }

  /** The hash of one tag byte followed by two hashes: the Merkle node shape. */
  public static Hash hash(byte tag, Hash left, Hash right) {
    byte[] buf = new byte[1 + 2 * Hash.LENGTH];
    buf[0] = tag;
    left.copyTo(buf, 1);
    right.copyTo(buf, 1 + Hash.LENGTH);
    return Hash.wrap(DIGEST.get().digest(buf));
  }
}
