package io.ledgerlab.ledger.slashing;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.Optional;

/**
 * The one record of a validator's last signature on its node's disk: what the consensus {@code
 * SignGuard} reads at start and writes, durably, before every signed message leaves the node. The
 * interchange reads it to export a history and merges into it to import one.
 */
public final class SignRecords {
  private static final byte[] KEY = {'V'};

  private SignRecords() {}

  /**
   * The last signed position, or empty when this disk never signed.
   *
   * @throws CorruptStateException when the record is not a position
   */
  public static Optional<SignPosition> read(Disk disk) {
    byte[] stored = disk.get(KEY);
    if (stored == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(SignPosition.decode(stored));
    } catch (DecodeException e) {
      throw new CorruptStateException("last-sign record is corrupt: " + e.getMessage(), e);
    }
  }

  /** Records {@code position} and waits for the durability barrier. */
  public static void write(Disk disk, SignPosition position) {
    disk.write(new WriteBatch().put(KEY, position.encode()));
    disk.sync();
  }

  /** What a merge did. */
  public record Merge(Optional<SignPosition> before, SignPosition after) {
    /** True when the imported position was newer and the record moved up to it. */
    public boolean raised() {
      return before.isEmpty() || !before.get().equals(after);
    }
  }

  /**
   * Merges an imported position into the record by keeping the later of the two: an older history
   * never lowers the guard, so importing one can never allow a double sign.
   *
   * @throws SlashingException when both signed at the same position but different blocks — the key
   *     has already double-signed there, and neither history may be allowed to sign it again
   */
  public static Merge merge(Disk disk, SignPosition imported) throws SlashingException {
    Optional<SignPosition> stored = read(disk);
    if (stored.isPresent()) {
      SignPosition s = stored.get();
      if (s.samePlace(imported) && !s.blockHash().equals(imported.blockHash())) {
        throw new SlashingException(
            "conflicting histories: this node signed "
                + s
                + " and the imported history signed block "
                + imported.blockHash().shortHex()
                + " at the same position; the key has already double-signed there, so nothing was"
                + " changed");
      }
      if (s.compareTo(imported) >= 0) {
        return new Merge(stored, s);
      }
    }
    write(disk, imported);
    return new Merge(stored, imported);
  }
}
