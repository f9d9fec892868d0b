package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.slashing.SignPosition;
import io.ledgerlab.ledger.slashing.SignRecords;
import io.ledgerlab.runtime.disk.Disk;

/**
 * Keeps an honest validator from ever signing two different messages for one height, round and
 * step, even across a crash: the last signature's position and block hash reach the disk (with the
 * durability barrier) before the signed message leaves the node. Like CometBFT's last-sign-state,
 * and for the same reason — a restarted validator has forgotten its votes. The record can be
 * exported and merged into another node's disk when the key moves (see {@code
 * io.ledgerlab.ledger.slashing}).
 */
final class SignGuard {
  static final int PROPOSE = SignPosition.Step.PROPOSE.code();
  static final int PREVOTE = SignPosition.Step.PREVOTE.code();
  static final int PRECOMMIT = SignPosition.Step.PRECOMMIT.code();

  private final Disk disk;
  private SignPosition last;

  SignGuard(Disk disk) {
    this.disk = disk;
    this.last = SignRecords.read(disk).orElse(null);
  }

  /**
   * The first round of {@code height} in which this validator can still sign a proposal and both
   * votes: 0, or one past the round it last signed in at this height. A validator restarted in the
   * middle of a height has forgotten what it signed; starting again at that round it could sign
   * nothing that round's steps need (each is at or below the record), and when every validator
   * restarted so, no round would ever end — no prevote, no precommit, no timeout (found by the
   * soak: 1,000 SIGKILLs stalled the chain at one height for good).
   */
  int firstRound(long height) {
    return last != null && last.height() == height ? last.round() + 1 : 0;
  }

  /**
   * True when signing {@code blockHash} at this position cannot contradict an earlier signature;
   * records the position durably first. Signing the same thing again is allowed (Ed25519 gives the
   * same signature); going back, or changing the block at the same position, is not.
   */
  boolean allow(long h, int r, int s, Hash hash) {
    SignPosition next =
        new SignPosition(
            h,
            r,
            SignPosition.Step.ofCode(s)
                .orElseThrow(() -> new IllegalArgumentException("no signing step " + s)),
            hash);
    if (last != null) {
      int order = next.compareTo(last);
      if (order < 0) {
        return false;
      }
      if (order == 0) {
        return hash.equals(last.blockHash());
      }
    }
    last = next;
    SignRecords.write(disk, next);
    return true;
  }
}
