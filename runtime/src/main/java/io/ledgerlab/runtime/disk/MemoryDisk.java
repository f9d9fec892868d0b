package io.ledgerlab.runtime.disk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A disk in memory that models crash semantics: batches written since the last {@link #sync()} sit
 * in a volatile queue, and {@link #crash(int)} keeps at most a prefix of them, as a write-ahead log
 * does when the machine loses power. A batch is never half applied.
 *
 * <p>One map holds what reads see; each unsynced batch keeps what it replaced, so a crash undoes
 * the lost batches newest first. (A second, durable copy of every key would double the cost of
 * every write for the rare crash: the simulator writes millions of keys a run.)
 */
public final class MemoryDisk implements Disk {
  private final NavigableMap<byte[], byte[]> visible = new TreeMap<>(Keys.ORDER);

  /**
   * Per unsynced batch, oldest first: its keys and the values they had before it, {@code [key0,
   * before0, key1, before1, ...]}, a null before meaning there was no value.
   */
  private final Deque<byte[][]> unsynced = new ArrayDeque<>();

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
    List<WriteBatch.Op> ops = batch.ops();
    byte[][] before = new byte[2 * ops.size()][];
    int i = 0;
    for (WriteBatch.Op op : ops) {
      before[i++] = op.key();
      before[i++] = op.isDelete() ? visible.remove(op.key()) : visible.put(op.key(), op.value());
    }
    unsynced.addLast(before);
  }

  @Override
  public void sync() {
    ensureOpen();
    unsynced.clear();
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
    int lost = Math.max(0, unsynced.size() - Math.max(0, survivingUnsyncedBatches));
    Iterator<byte[][]> newestFirst = unsynced.descendingIterator();
    for (int b = 0; b < lost; b++) {
      byte[][] before = newestFirst.next();
      // Within a batch too, newest first: a key the batch wrote twice gets its first before back.
      for (int i = before.length - 2; i >= 0; i -= 2) {
        if (before[i + 1] == null) {
          visible.remove(before[i]);
        } else {
          visible.put(before[i], before[i + 1]);
        }
      }
    }
    unsynced.clear();
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
}
