package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.TrieNodes.Branch;
import io.ledgerlab.ledger.state.TrieNodes.Ref;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The authenticated index of the state: a binary Merkle-Patricia trie over SHA-256 key hashes,
 * persisted branch by branch under its position.
 *
 * <p>A batch of changes is applied in one pass down the trie, visiting only the paths that change,
 * so a block costs O(changes · log n) hashes and reads. Updates are staged ({@link #prepare}) and
 * reach the disk in the caller's write batch, so the trie changes atomically with the block that
 * caused them; the in-memory view moves only when the caller says the batch is committed.
 */
public final class MerkleTrie {
  private static final byte[] ROOT_KEY = {StateStore.TRIE_ROOT_KEY};

  private final Disk disk;
  private final Map<TriePosition, Branch> cache;
  private Ref root;

  MerkleTrie(Disk disk, int cachedBranchesMax) {
    this.disk = disk;
    this.cache =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<TriePosition, Branch> eldest) {
            return size() > cachedBranchesMax;
          }
        };
    this.root = loadRoot();
  }

  /** The root hash; {@link TrieNodes#EMPTY_ROOT} for an empty state. */
  public Hash rootHash() {
    return root == null ? TrieNodes.EMPTY_ROOT : root.hash();
  }

  /**
   * Root hash of a state holding exactly {@code entries} (key hash to value hash), from scratch.
   */
  public static Hash rootOf(SortedMap<Hash, Hash> entries) {
    Hash[] keys = entries.keySet().toArray(new Hash[0]);
    Hash[] values = entries.values().toArray(new Hash[0]);
    Ref ref = new Builder(null).fresh(keys, values, 0, keys.length, 0);
    return ref == null ? TrieNodes.EMPTY_ROOT : ref.hash();
  }

  /**
   * Computes the trie after {@code changes}: key hash to new value hash, or to null for a delete.
   * Nothing changes until {@link #committed(Update)}.
   */
  Update prepare(SortedMap<Hash, Hash> changes) {
    Hash[] keys = changes.keySet().toArray(new Hash[0]);
    Hash[] values = changes.values().toArray(new Hash[0]);
    Builder builder = new Builder(this);
    Ref newRoot = builder.build(root, keys, values, 0, keys.length, 0);
    List<TriePosition> deletes = new ArrayList<>();
    for (TriePosition p : builder.removed) {
      if (!builder.puts.containsKey(p)) {
        deletes.add(p);
      }
    }
    return new Update(newRoot, builder.puts, deletes);
  }

  /** Makes {@code update} the current trie once its batch is on disk. */
  void committed(Update update) {
    for (TriePosition p : update.deletes) {
      cache.remove(p);
    }
    cache.putAll(update.puts);
    root = update.root;
  }

  /** Re-reads the root from disk, dropping cached nodes: after a crash or a reopen. */
  void reload() {
    cache.clear();
    root = loadRoot();
  }

  private Ref loadRoot() {
    byte[] bytes = disk.get(ROOT_KEY);
    if (bytes == null) {
      return null;
    }
    try {
      Decoder in = new Decoder(bytes);
      Ref ref = TrieNodes.decodeRef(in, "trie.root");
      in.end("trie.root");
      return ref;
    } catch (DecodeException e) {
      throw new CorruptStateException("trie root record is corrupt: " + e.getMessage(), e);
    }
  }

  private Branch load(TriePosition position, Map<TriePosition, Branch> staged) {
    Branch branch = staged.get(position);
    if (branch == null) {
      branch = cache.get(position);
    }
    if (branch == null) {
      byte[] bytes = disk.get(position.storageKey());
      if (bytes == null) {
        throw new CorruptStateException("trie branch missing at " + position, null);
      }
      try {
        branch = TrieNodes.decodeBranch(position, bytes);
      } catch (DecodeException e) {
        throw new CorruptStateException("trie branch at " + position + " is corrupt", e);
      }
      cache.put(position, branch);
    }
    return branch;
  }

  /** The disk writes and the new root of one staged change set. */
  static final class Update {
    private final Ref root;
    private final Map<TriePosition, Branch> puts;
    private final List<TriePosition> deletes;

    private Update(Ref root, Map<TriePosition, Branch> puts, List<TriePosition> deletes) {
      this.root = root;
      this.puts = puts;
      this.deletes = deletes;
    }

    Hash rootHash() {
      return root == null ? TrieNodes.EMPTY_ROOT : root.hash();
    }

    int branchesWritten() {
      return puts.size();
    }

    void addTo(WriteBatch batch) {
      for (TriePosition p : deletes) {
        batch.delete(p.storageKey());
      }
      for (Map.Entry<TriePosition, Branch> e : puts.entrySet()) {
        batch.put(e.getKey().storageKey(), TrieNodes.encodeBranch(e.getValue()));
      }
      if (root == null) {
        batch.delete(ROOT_KEY);
      } else {
        Encoder out = new Encoder();
        TrieNodes.encodeRef(root, out);
        batch.put(ROOT_KEY, out.toByteArray());
      }
    }
  }

  /**
   * One batch update. Every call works on a slice of the sorted changes whose keys share their
   * first {@code depth} bits with each other and with the subtree being changed.
   */
  private static final class Builder {
    private final MerkleTrie trie;
    final Map<TriePosition, Branch> puts = new HashMap<>();
    final Set<TriePosition> removed = new HashSet<>();

    Builder(MerkleTrie trie) {
      this.trie = trie;
    }

    Ref build(Ref existing, Hash[] keys, Hash[] values, int lo, int hi, int depth) {
      if (lo >= hi) {
        return existing;
      }
      if (existing == null) {
        return freshFromChanges(keys, values, lo, hi, depth);
      }
      if (existing.isLeaf()) {
        return mergeLeaf(existing, keys, values, lo, hi, depth);
      }
      Branch branch = trie.load(existing.position(), puts);
      TriePosition at = branch.position();
      int diverge =
          Math.min(
              Math.min(
                  keys[lo].commonPrefixBits(at.prefix()),
                  keys[hi - 1].commonPrefixBits(at.prefix())),
              at.bits());
      if (diverge >= at.bits()) {
        removed.add(at);
        int mid = splitIndex(keys, lo, hi, at.bits());
        Ref left = build(branch.left(), keys, values, lo, mid, at.bits() + 1);
        Ref right = build(branch.right(), keys, values, mid, hi, at.bits() + 1);
        return join(at, left, right);
      }
      // Some changed keys leave this branch's prefix at bit `diverge`: a new branch forms there,
      // with the old subtree on one side and only new keys on the other.
      int mid = splitIndex(keys, lo, hi, diverge);
      boolean oldOnRight = at.prefix().bit(diverge) == 1;
      Ref old =
          oldOnRight
              ? build(existing, keys, values, mid, hi, diverge + 1)
              : build(existing, keys, values, lo, mid, diverge + 1);
      Ref fresh =
          oldOnRight
              ? freshFromChanges(keys, values, lo, mid, diverge + 1)
              : freshFromChanges(keys, values, mid, hi, diverge + 1);
      TriePosition split = TriePosition.of(diverge, at.prefix());
      return oldOnRight ? join(split, fresh, old) : join(split, old, fresh);
    }

    private Ref mergeLeaf(Ref leaf, Hash[] keys, Hash[] values, int lo, int hi, int depth) {
      List<Hash> mergedKeys = new ArrayList<>(hi - lo + 1);
      List<Hash> mergedValues = new ArrayList<>(hi - lo + 1);
      boolean leafPlaced = false;
      for (int i = lo; i < hi; i++) {
        int cmp = keys[i].compareTo(leaf.leafKey());
        if (!leafPlaced && cmp > 0) {
          mergedKeys.add(leaf.leafKey());
          mergedValues.add(leaf.leafValue());
          leafPlaced = true;
        }
        if (cmp == 0) {
          leafPlaced = true;
        }
        if (values[i] != null) {
          mergedKeys.add(keys[i]);
          mergedValues.add(values[i]);
        }
      }
      if (!leafPlaced) {
        mergedKeys.add(leaf.leafKey());
        mergedValues.add(leaf.leafValue());
      }
      Hash[] k = mergedKeys.toArray(new Hash[0]);
      return fresh(k, mergedValues.toArray(new Hash[0]), 0, k.length, depth);
    }

    private Ref freshFromChanges(Hash[] keys, Hash[] values, int lo, int hi, int depth) {
      int inserts = 0;
      for (int i = lo; i < hi; i++) {
        if (values[i] != null) {
          inserts++;
        }
      }
      if (inserts == hi - lo) {
        return fresh(keys, values, lo, hi, depth);
      }
      Hash[] k = new Hash[inserts];
      Hash[] v = new Hash[inserts];
      int n = 0;
      for (int i = lo; i < hi; i++) {
        if (values[i] != null) {
          k[n] = keys[i];
          v[n++] = values[i];
        }
      }
      return fresh(k, v, 0, n, depth);
    }

    /** Builds the canonical subtree of exactly these sorted, distinct leaves. */
    Ref fresh(Hash[] keys, Hash[] values, int lo, int hi, int depth) {
      if (lo >= hi) {
        return null;
      }
      if (hi - lo == 1) {
        return Ref.leaf(keys[lo], values[lo]);
      }
      int split = keys[lo].commonPrefixBits(keys[hi - 1]);
      int mid = splitIndex(keys, lo, hi, split);
      Ref left = fresh(keys, values, lo, mid, split + 1);
      Ref right = fresh(keys, values, mid, hi, split + 1);
      return join(TriePosition.of(split, keys[lo]), left, right);
    }

    private Ref join(TriePosition at, Ref left, Ref right) {
      if (left == null) {
        return right;
      }
      if (right == null) {
        return left;
      }
      Branch branch = new Branch(at, left, right);
      puts.put(at, branch);
      return branch.ref();
    }

    /** The first index in [lo, hi) whose key has bit {@code bit} set; keys are sorted. */
    private static int splitIndex(Hash[] keys, int lo, int hi, int bit) {
      int a = lo;
      int b = hi;
      while (a < b) {
        int m = (a + b) >>> 1;
        if (keys[m].bit(bit) == 0) {
          a = m + 1;
        } else {
          b = m;
        }
      }
      return a;
    }
  }
}
