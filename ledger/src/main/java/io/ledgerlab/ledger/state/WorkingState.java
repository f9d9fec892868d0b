package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.codec.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The state while a block executes: committed state below, the block's writes above it, and the
 * current transaction's writes on top, which are either folded into the block or thrown away.
 */
public final class WorkingState implements StateReader {
  private final StateReader base;
  private final WriteSet block = new WriteSet();
  private final WriteSet tx = new WriteSet();
  private long chainCodeBytes;
  private final java.util.Map<String, Integer> versionCache = new java.util.HashMap<>();

  public WorkingState(StateReader base) {
    this.base = base;
  }

  @Override
  public byte[] get(byte[] key) {
    if (tx.decides(key)) {
      return copy(tx.value(key));
    }
    if (block.decides(key)) {
      return copy(block.value(key));
    }
    return base.get(key);
  }

  public void put(byte[] key, byte[] value) {
    forgetVersions(key);
    tx.put(key, value);
  }

  public void delete(byte[] key) {
    forgetVersions(key);
    tx.delete(key);
  }

  /**
   * Remembers decoded chain-code versions: every transaction asks, and they change only when a
   * version record is written, which clears the memo.
   */
  public int cachedVersion(String name, java.util.function.ToIntFunction<String> read) {
    Integer v = versionCache.get(name);
    if (v == null) {
      v = read.applyAsInt(name);
      versionCache.put(name, v);
    }
    return v;
  }

  private void forgetVersions(byte[] key) {
    if (key.length > 0 && key[0] == StateKeys.CHAIN_CODE_VERSION) {
      versionCache.clear();
    }
  }

  /** Bytes of keys and values chain code wrote in this block's committed transactions. */
  public long chainCodeBytes() {
    return chainCodeBytes;
  }

  /** Counts a committed call's written bytes against the block's budget. */
  public void addChainCodeBytes(long bytes) {
    chainCodeBytes += bytes;
  }

  /** Keeps the current transaction's writes as part of the block. */
  public void commitTx() {
    block.putAll(tx);
    tx.clear();
  }

  /** Discards the current transaction's writes. */
  public void rollbackTx() {
    tx.clear();
    versionCache.clear();
  }

  /**
   * The current transaction's writes, in key order, each with the value it replaces (what the block
   * so far and the committed state hold; null when absent) and its new value (null for a delete).
   * For a replay that compares what two versions of chain code wrote; nothing here is hashed.
   */
  public List<Write> pendingWrites() {
    List<Write> out = new ArrayList<>(tx.size());
    for (Map.Entry<Bytes, byte[]> e : tx.entries()) {
      byte[] key = e.getKey().unsafeArray();
      byte[] before = block.decides(key) ? block.value(key) : base.get(key);
      out.add(new Write(e.getKey(), copy(before), copy(e.getValue())));
    }
    return out;
  }

  /** One pending write: the key, the value it replaces and the value it leaves (null: absent). */
  public record Write(Bytes key, byte[] before, byte[] after) {}

  /** The block's writes; the current transaction must be finished first. */
  public WriteSet blockWrites() {
    if (!tx.isEmpty()) {
      throw new IllegalStateException("a transaction is still open with " + tx.size() + " writes");
    }
    return block;
  }

  @Override
  public List<Map.Entry<Bytes, byte[]>> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    NavigableMap<Bytes, byte[]> overlay = new TreeMap<>(block.range(fromInclusive, toExclusive));
    overlay.putAll(tx.range(fromInclusive, toExclusive));
    // Each overlay entry can hide at most one base entry, so this many base entries suffice.
    int baseLimit = (int) Math.min(Integer.MAX_VALUE, (long) limit + overlay.size());
    NavigableMap<Bytes, byte[]> merged = new TreeMap<>();
    for (Map.Entry<Bytes, byte[]> e : base.scan(fromInclusive, toExclusive, baseLimit)) {
      merged.put(e.getKey(), e.getValue());
    }
    merged.putAll(overlay);
    List<Map.Entry<Bytes, byte[]>> out = new ArrayList<>(Math.min(limit, merged.size()));
    for (Map.Entry<Bytes, byte[]> e : merged.entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      if (e.getValue() != null) {
        out.add(Map.entry(e.getKey(), e.getValue().clone()));
      }
    }
    return out;
  }

  private static byte[] copy(byte[] value) {
    return value == null ? null : value.clone();
  }
}
