package io.ledgerlab.ledger.gov;

import io.ledgerlab.ledger.tx.Payload;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an {@code install} proposal asks: from block {@code activationHeight} on, chain code {@code
 * chainCode} runs {@code version}, from the jar whose SHA-256 is {@code sha256}.
 */
public record Install(String chainCode, int version, String sha256, long activationHeight) {
  public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public Install {
    Objects.requireNonNull(chainCode, "chainCode");
    if (!Payload.NAME.matcher(chainCode).matches()) {
      throw new IllegalArgumentException(
          "chain code name must match " + Payload.NAME.pattern() + ", got: " + chainCode);
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got: " + sha256);
    }
    if (activationHeight < 1) {
      throw new IllegalArgumentException("activation height must be >= 1, got " + activationHeight);
    }
  }
}
