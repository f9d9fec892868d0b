package io.ledgerlab.runtime.disk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A disk in memory that models crash semantics: batches written since the last {@link #sync()} sit
 * in a volatile queue, and {@link #crash(int)} keeps at most a prefix of them, as a write-ahead log
 * does when the machine loses power. A batch is never half applied.
 */
public final class MemoryDisk implements Disk {
  private final NavigableMap<byte[], byte[]> durable = new TreeMap<>(Keys.ORDER);
  private final NavigableMap<byte[], byte[]> visible = new TreeMap<>(Keys.ORDER);
  private final Deque<WriteBatch> unsynced = new ArrayDeque<>();
  private long syncCount;
  private boolean closed;

  @Override
  public byte[] get(byte[] key) {
    ensureOpen();
    byte[] value = visible.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public void write(WriteBatch batch) {
    ensureOpen();
    apply(visible, batch);
    unsynced.addLast(batch);
  }

  @Override
  public void sync() {
    ensureOpen();
    while (!unsynced.isEmpty()) {
      apply(durable, unsynced.removeFirst());
    }
    syncCount++;
  }

  @Override
  public List<Entry> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    ensureOpen();
    NavigableMap<byte[], byte[]> range = visible;
    if (fromInclusive != null) {
      range = range.tailMap(fromInclusive, true);
    }
    if (toExclusive != null) {
      range = range.headMap(toExclusive, false);
    }
    List<Entry> out = new ArrayList<>(Math.min(limit, 1024));
    for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(new Entry(e.getKey().clone(), e.getValue().clone()));
    }
    return out;
  }

  /**
   * Simulates power loss: the first {@code survivingUnsyncedBatches} unsynced batches reach the
   * disk, the rest are lost, and reads afterwards see only what survived.
   */
  public void crash(int survivingUnsyncedBatches) {
    int kept = 0;
    while (!unsynced.isEmpty()) {
      WriteBatch batch = unsynced.removeFirst();
      if (kept++ < survivingUnsyncedBatches) {
        apply(durable, batch);
      }
    }
    visible.clear();
    visible.putAll(durable);
    closed = false;
  }

  /** Simulates power loss that loses every unsynced batch. */
  public void crash() {
    crash(0);
  }

  public int unsyncedBatches() {
    return unsynced.size();
  }

  public long syncCount() {
    return syncCount;
  }

  /** Closing models a clean shutdown; a later {@link #crash} reopens the disk as a restart. */
  @Override
  public void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("disk is closed");
    }
  }

  private static void apply(NavigableMap<byte[], byte[]> map, WriteBatch batch) {
    for (WriteBatch.Op op : batch.ops()) {
      if (op.isDelete()) {
        map.remove(op.key());
      } else {
        map.put(op.key(), op.value());
      }
    }
  }
}
