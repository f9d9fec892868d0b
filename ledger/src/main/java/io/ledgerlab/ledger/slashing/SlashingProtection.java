package io.ledgerlab.ledger.slashing;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.runtime.disk.Disk;
import java.util.List;
import java.util.Optional;

/**
 * Moves a validator's signing history between nodes: export from one node's disk, import (a merge
 * that only ever raises the guard) into another's. Both nodes must be stopped; the caller owns the
 * disks.
 */
public final class SlashingProtection {
  private SlashingProtection() {}

  /** The history on {@code disk} of {@code validator} on the chain of {@code genesisHash}. */
  public static Interchange export(Disk disk, Hash genesisHash, PublicKey validator) {
    return new Interchange(
        genesisHash,
        SignRecords.read(disk)
            .map(p -> List.of(new Interchange.Entry(validator, p)))
            .orElse(List.of()));
  }

  /**
   * Merges {@code validator}'s history from {@code history} into {@code disk}, whose node runs the
   * chain of {@code genesisHash}; empty when the interchange holds no history at all.
   *
   * @throws SlashingException when the history is another chain's, holds other validators only, or
   *     conflicts with what the disk records
   */
  public static Optional<SignRecords.Merge> importInto(
      Disk disk, Hash genesisHash, PublicKey validator, Interchange history)
      throws SlashingException {
    if (!history.genesisHash().equals(genesisHash)) {
      throw new SlashingException(
          "the history is for another chain: its genesis hash is "
              + history.genesisHash().hex()
              + ", this chain's is "
              + genesisHash.hex()
              + "; refused");
    }
    if (history.entries().isEmpty()) {
      return Optional.empty();
    }
    Interchange.Entry entry =
        history
            .entry(validator)
            .orElseThrow(
                () ->
                    new SlashingException(
                        "the history has no entry for validator "
                            + validator.hex()
                            + "; it holds "
                            + history.entries().stream().map(e -> e.validator().hex()).toList()));
    return Optional.of(SignRecords.merge(disk, entry.lastSigned()));
  }
}
