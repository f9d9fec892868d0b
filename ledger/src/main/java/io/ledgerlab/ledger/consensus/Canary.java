package io.ledgerlab.ledger.consensus;

import java.util.Locale;

/**
 * Deliberately broken node software, for checking the checkers. The lab still counts a canary node
 * honest, so the checks must catch what it does; a checker that never fails proves nothing. Each
 * canary has a test that sees its check go red (docs/checks.md lists them).
 */
public enum Canary {
  NONE,
  /** Prevotes every valid proposal even when locked on another block (safety, with LOCK_ATTACK). */
  IGNORE_LOCK,
  /** Counts half of the voting power as a quorum instead of more than two thirds (safety). */
  HALF_QUORUM,
  /** The node's event loop throws once it has committed height {@link #CRASH_HEIGHT} (nodes). */
  CRASH,
  /** Its token transfers credit one token more than they debit (validity: the supply grows). */
  MINT,
  /**
   * After committing height {@link #CORRUPT_HEIGHT} the node writes a balance into its stored state
   * behind the state tree's back (state agreement).
   */
  CORRUPT_STATE,
  /** Never syncs its disk: a power loss takes back what it acknowledged (durability). */
  SKIP_SYNC,
  /** Signs two conflicting votes in every step, as a double-signing bug would (evidence). */
  DOUBLE_SIGN;

  public static final long CRASH_HEIGHT = 5;
  public static final long CORRUPT_HEIGHT = 3;

  /** The name manifests use: {@code half-quorum}, {@code skip-sync}... */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The canary a name spells, or null. */
  public static Canary of(String key) {
    for (Canary c : values()) {
      if (c.key().equals(key)) {
        return c;
      }
    }
    return null;
  }
}
