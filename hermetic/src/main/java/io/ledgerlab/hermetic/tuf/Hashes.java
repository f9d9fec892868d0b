package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.ledger.crypto.Sha256;
import java.util.Iterator;

/** The {@code hashes} of a file: SHA-256 is required, any other algorithm refused by name. */
final class Hashes {
  private Hashes() {}

  static String sha256(JsonNode hashes, String where) throws TufException {
    Iterator<String> names = hashes.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!"sha256".equals(name)) {
        throw new TufException(
            TufException.Reason.UNSUPPORTED,
            where + ": hashes: " + name + ": only sha256 is supported");
      }
    }
    return StrictJson.hex(hashes, "sha256", 32, where + ".hashes");
  }

  /** Checks {@code bytes} against an expected length and hash (5.5.2, 5.6.2, 5.7.3). */
  static void check(
      byte[] bytes, java.util.Optional<Long> length, java.util.Optional<String> sha, String where)
      throws TufException {
    if (length.isPresent() && bytes.length != length.get()) {
      throw new TufException(
          TufException.Reason.LENGTH_MISMATCH,
          where + ": " + bytes.length + " bytes, expected " + length.get());
    }
    if (sha.isPresent()) {
      String actual = Sha256.hash(bytes).hex();
      if (!actual.equals(sha.get())) {
        throw new TufException(
            TufException.Reason.HASH_MISMATCH,
            where + ": sha256 " + actual + ", expected " + sha.get());
      }
    }
  }
}
