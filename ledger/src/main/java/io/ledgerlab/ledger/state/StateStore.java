package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.Keys;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The committed state: flat key-values for reads plus the Merkle trie that authenticates them, both
 * on one {@link Disk}. Changes arrive as a {@link WriteSet} that is staged, written in the caller's
 * batch, and only then made current.
 */
public final class StateStore implements StateReader {
  static final byte FLAT_PREFIX = 's';
  static final byte TRIE_PREFIX = 't';
  static final byte TRIE_ROOT_KEY = 'T';
  private static final int CACHED_BRANCHES_DEFAULT = 200_000;

  private final Disk disk;
  private final MerkleTrie trie;

  public StateStore(Disk disk) {
    this(disk, CACHED_BRANCHES_DEFAULT);
  }

  public StateStore(Disk disk, int cachedBranchesMax) {
    this.disk = disk;
    this.trie = new MerkleTrie(disk, cachedBranchesMax);
  }

  public Hash root() {
    return trie.rootHash();
  }

  @Override
  public byte[] get(byte[] key) {
    return disk.get(flatKey(key));
  }

  @Override
  public List<Map.Entry<Bytes, byte[]>> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    byte[] from = fromInclusive == null ? new byte[] {FLAT_PREFIX} : flatKey(fromInclusive);
    byte[] to =
        toExclusive == null ? Keys.prefixEnd(new byte[] {FLAT_PREFIX}) : flatKey(toExclusive);
    List<Map.Entry<Bytes, byte[]>> out = new ArrayList<>();
    for (Disk.Entry e : disk.scan(from, to, limit)) {
      byte[] k = e.key();
      out.add(Map.entry(Bytes.wrap(java.util.Arrays.copyOfRange(k, 1, k.length)), e.value()));
    }
    return out;
  }

  /** Computes the root after {@code writes} without changing anything yet. */
  public Staged stage(WriteSet writes) {
    SortedMap<Hash, Hash> changes = new TreeMap<>();
    for (Map.Entry<Bytes, byte[]> e : writes.entries()) {
      byte[] value = e.getValue();
      changes.put(keyHash(e.getKey().unsafeArray()), value == null ? null : Sha256.hash(value));
    }
    return new Staged(writes, trie.prepare(changes));
  }

  /** Makes a staged change current once the batch holding it has been written. */
  public void committed(Staged staged) {
    trie.committed(staged.trieUpdate);
  }

  /** Forgets what is cached and re-reads the committed root: after a crash or a reopen. */
  public void reload() {
    trie.reload();
  }

  /** The trie key of a state key: spreads keys evenly so the trie stays balanced. */
  public static Hash keyHash(byte[] stateKey) {
    return Sha256.hash(stateKey);
  }

  static byte[] flatKey(byte[] key) {
    byte[] out = new byte[key.length + 1];
    out[0] = FLAT_PREFIX;
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }

  /** A change set with its computed trie update, ready to be written in one batch. */
  public static final class Staged {
    private final WriteSet writes;
    private final MerkleTrie.Update trieUpdate;

    private Staged(WriteSet writes, MerkleTrie.Update trieUpdate) {
      this.writes = writes;
      this.trieUpdate = trieUpdate;
    }

    public Hash root() {
      return trieUpdate.rootHash();
    }

    public int branchesWritten() {
      return trieUpdate.branchesWritten();
    }

    public void addTo(WriteBatch batch) {
      for (Map.Entry<Bytes, byte[]> e : writes.entries()) {
        byte[] key = flatKey(e.getKey().unsafeArray());
        if (e.getValue() == null) {
          batch.delete(key);
        } else {
          batch.put(key, e.getValue());
        }
      }
      trieUpdate.addTo(batch);
    }
  }
}
