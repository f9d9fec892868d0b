package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.slashing.Interchange;
import io.ledgerlab.ledger.slashing.SignPosition;
import io.ledgerlab.ledger.slashing.SignRecords;
import io.ledgerlab.ledger.slashing.SlashingException;
import io.ledgerlab.ledger.slashing.SlashingProtection;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import org.junit.jupiter.api.Test;

class SignGuardTest {
  private static final Hash X = Sha256.hash(new byte[] {1});
  private static final Hash Y = Sha256.hash(new byte[] {2});
  private static final Hash GENESIS = Sha256.hash(new byte[] {'g'});
  private static final PublicKey VALIDATOR = KeyPair.generate(SeededEntropy.of(1)).publicKey();

  /**
   * Regression: a validator crashed after prevoting and, restarted as round-0 proposer, prevoted a
   * new block at the same height and round — peers committed evidence against an honest node (sim
   * seeds 32 and 54, 4 validators, 1 Byzantine, all faults, 10 minutes).
   */
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

  @Test
  void aHistoryExportedAndImportedIntoAFreshDiskStopsTheMovedKeyAtItsPosition() throws Exception {
    MemoryDisk old = new MemoryDisk();
    SignGuard before = new SignGuard(old);
    assertThat(before.allow(5, 0, SignGuard.PROPOSE, X)).isTrue();
    assertThat(before.allow(5, 0, SignGuard.PREVOTE, X)).isTrue();
    assertThat(before.allow(5, 0, SignGuard.PRECOMMIT, X)).isTrue();
    String json = SlashingProtection.export(old, GENESIS, VALIDATOR).toJson();

    MemoryDisk fresh = new MemoryDisk();
    SlashingProtection.importInto(fresh, GENESIS, VALIDATOR, Interchange.parse("h.json", json));
    fresh.crash(); // the import reached the durability barrier

    SignGuard moved = new SignGuard(fresh);
    assertThat(moved.allow(5, 0, SignGuard.PRECOMMIT, Y)).as("a conflicting precommit").isFalse();
    assertThat(moved.allow(5, 0, SignGuard.PREVOTE, Y)).as("below: an earlier step").isFalse();
    assertThat(moved.allow(1, 0, SignGuard.PROPOSE, Y)).as("below: height 1 again").isFalse();
    assertThat(moved.allow(5, 0, SignGuard.PRECOMMIT, X)).as("the same precommit").isTrue();
    assertThat(moved.allow(6, 0, SignGuard.PREVOTE, Y)).as("the next height").isTrue();
  }

  @Test
  void importingAnOlderHistoryKeepsTheNewerPosition() throws Exception {
    MemoryDisk disk = new MemoryDisk();
    SignGuard guard = new SignGuard(disk);
    assertThat(guard.allow(9, 2, SignGuard.PREVOTE, Y)).isTrue();
    SignPosition older = new SignPosition(5, 0, SignPosition.Step.PRECOMMIT, X);
    Interchange history =
        new Interchange(GENESIS, java.util.List.of(new Interchange.Entry(VALIDATOR, older)));

    SignRecords.Merge merge =
        SlashingProtection.importInto(disk, GENESIS, VALIDATOR, history).orElseThrow();
    assertThat(merge.raised()).isFalse();
    assertThat(SignRecords.read(disk))
        .hasValue(new SignPosition(9, 2, SignPosition.Step.PREVOTE, Y));
    SignGuard after = new SignGuard(disk);
    assertThat(after.allow(9, 2, SignGuard.PROPOSE, X)).as("still below the newer one").isFalse();
    assertThat(after.allow(9, 2, SignGuard.PREVOTE, X)).as("conflict at the newer one").isFalse();
    assertThat(after.allow(9, 2, SignGuard.PRECOMMIT, Y)).isTrue();
  }

  @Test
  void aNewerHistoryRaisesTheGuard() throws Exception {
    MemoryDisk disk = new MemoryDisk();
    new SignGuard(disk).allow(3, 0, SignGuard.PREVOTE, X);
    SignPosition newer = new SignPosition(7, 1, SignPosition.Step.PROPOSE, Y);
    SignRecords.Merge merge =
        SlashingProtection.importInto(
                disk,
                GENESIS,
                VALIDATOR,
                new Interchange(
                    GENESIS, java.util.List.of(new Interchange.Entry(VALIDATOR, newer))))
            .orElseThrow();
    assertThat(merge.raised()).isTrue();
    assertThat(merge.before()).hasValue(new SignPosition(3, 0, SignPosition.Step.PREVOTE, X));
    assertThat(new SignGuard(disk).allow(7, 0, SignGuard.PRECOMMIT, Y)).isFalse();
  }

  @Test
  void aHistoryOfAnotherChainIsRefusedAndChangesNothing() {
    MemoryDisk disk = new MemoryDisk();
    Interchange other =
        new Interchange(
            Sha256.hash(new byte[] {'o'}),
            java.util.List.of(
                new Interchange.Entry(
                    VALIDATOR, new SignPosition(50, 0, SignPosition.Step.PRECOMMIT, X))));
    assertThatThrownBy(() -> SlashingProtection.importInto(disk, GENESIS, VALIDATOR, other))
        .isInstanceOf(SlashingException.class)
        .hasMessageContaining("the history is for another chain: its genesis hash is ")
        .hasMessageContaining("this chain's is " + GENESIS.hex());
    assertThat(SignRecords.read(disk)).isEmpty();
  }

  @Test
  void twoHistoriesThatSignedDifferentBlocksAtOnePositionAreAConflict() {
    MemoryDisk disk = new MemoryDisk();
    new SignGuard(disk).allow(5, 0, SignGuard.PREVOTE, X);
    Interchange other =
        new Interchange(
            GENESIS,
            java.util.List.of(
                new Interchange.Entry(
                    VALIDATOR, new SignPosition(5, 0, SignPosition.Step.PREVOTE, Y))));
    assertThatThrownBy(() -> SlashingProtection.importInto(disk, GENESIS, VALIDATOR, other))
        .hasMessageStartingWith("conflicting histories: this node signed height 5 round 0 prevote")
        .hasMessageContaining("already double-signed");
    assertThat(SignRecords.read(disk).orElseThrow().blockHash()).isEqualTo(X);
  }

  @Test
  void aHistoryOfOtherValidatorsOnlyIsRefusedAndAnEmptyOneImportsNothing() throws Exception {
    MemoryDisk disk = new MemoryDisk();
    PublicKey someoneElse = KeyPair.generate(SeededEntropy.of(2)).publicKey();
    Interchange others =
        new Interchange(
            GENESIS,
            java.util.List.of(
                new Interchange.Entry(
                    someoneElse, new SignPosition(5, 0, SignPosition.Step.PREVOTE, Y))));
    assertThatThrownBy(() -> SlashingProtection.importInto(disk, GENESIS, VALIDATOR, others))
        .hasMessageContaining("no entry for validator " + VALIDATOR.hex())
        .hasMessageContaining(someoneElse.hex());
    assertThat(
            SlashingProtection.importInto(
                disk, GENESIS, VALIDATOR, new Interchange(GENESIS, java.util.List.of())))
        .isEmpty();
    assertThat(SignRecords.read(disk)).isEmpty();
  }
}
