package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.runtime.disk.MemoryDisk;
import org.junit.jupiter.api.Test;

/**
 * Regression: a validator crashed after prevoting and, restarted as round-0 proposer, prevoted a
 * new block at the same height and round — peers committed evidence against an honest node (sim
 * seeds 32 and 54, 4 validators, 1 Byzantine, all faults, 10 minutes).
 */
class SignGuardTest {
  private static final Hash X = Sha256.hash(new byte[] {1});
  private static final Hash Y = Sha256.hash(new byte[] {2});

  @Test
  void aRestartedValidatorNeverSignsAConflictingMessage() {
    MemoryDisk disk = new MemoryDisk();
    SignGuard guard = new SignGuard(disk);
    assertThat(guard.allow(5, 0, SignGuard.PROPOSE, X)).isTrue();
    assertThat(guard.allow(5, 0, SignGuard.PREVOTE, X)).isTrue();
    disk.crash();

    SignGuard restarted = new SignGuard(disk);
    assertThat(restarted.allow(5, 0, SignGuard.PREVOTE, Y)).as("conflicting prevote").isFalse();
    assertThat(restarted.allow(5, 0, SignGuard.PROPOSE, Y)).as("going back a step").isFalse();
    assertThat(restarted.allow(4, 9, SignGuard.PRECOMMIT, Y)).as("going back a height").isFalse();
    assertThat(restarted.allow(5, 0, SignGuard.PREVOTE, X)).as("the same vote again").isTrue();
    assertThat(restarted.allow(5, 1, SignGuard.PREVOTE, Y)).as("a later round").isTrue();
  }
}
