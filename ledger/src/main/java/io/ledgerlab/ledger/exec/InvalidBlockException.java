package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.crypto.Hash;
import java.util.Objects;
import java.util.Optional;

/** A proposed or synced block that breaks the chain's rules; the message says which one. */
public final class InvalidBlockException extends Exception {
  /**
   * The block's transactions ran, but to another root than its header claims: the software that
   * built it and the software that replayed it execute differently (or one of them is broken).
   *
   * @param field {@code stateRoot} or {@code receiptsRoot}
   * @param header what the block's header says
   * @param computed what the replay computed
   */
  public record RootMismatch(String field, Hash header, Hash computed) {
    public static final String STATE_ROOT = "stateRoot";
    public static final String RECEIPTS_ROOT = "receiptsRoot";

    public RootMismatch {
      if (!STATE_ROOT.equals(field) && !RECEIPTS_ROOT.equals(field)) {
        throw new IllegalArgumentException("no root field '" + field + "'");
      }
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(computed, "computed");
    }
  }

  private final transient RootMismatch rootMismatch;

  public InvalidBlockException(long height, String reason) {
    this(height, reason, null);
  }

  /** A block whose replay computed another root than its header's. */
  public InvalidBlockException(long height, String reason, RootMismatch rootMismatch) {
    super("block " + height + " is invalid: " + reason);
    this.rootMismatch = rootMismatch;
  }

  /** Set when every rule held but a root differs, which tells divergence from a bad block. */
  public Optional<RootMismatch> rootMismatch() {
    return Optional.ofNullable(rootMismatch);
  }
}
