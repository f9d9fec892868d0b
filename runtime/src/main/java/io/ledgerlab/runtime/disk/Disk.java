package io.ledgerlab.runtime.disk;

import java.util.List;

/**
 * An ordered key-value store with atomic write batches and an explicit durability barrier.
 *
 * <p>A batch passed to {@link #write} is applied whole or not at all and is visible to reads at
 * once, but it survives a crash only after a later {@link #sync()} returns. Keys compare as
 * unsigned bytes, lexicographically.
 */
public interface Disk extends AutoCloseable {
  /** The value stored under {@code key}, or {@code null} when there is none. */
  byte[] get(byte[] key);

  /** Applies every operation of {@code batch} atomically. Not durable until {@link #sync()}. */
  void write(WriteBatch batch);

  /** The durability barrier: every batch written before this call survives a crash. */
  void sync();

  /**
   * Entries with {@code fromInclusive <= key < toExclusive}, in key order, at most {@code limit} of
   * them. A {@code null} bound is open.
   */
  List<Entry> scan(byte[] fromInclusive, byte[] toExclusive, int limit);

  @Override
  void close();

  /** One stored key and its value. */
  record Entry(byte[] key, byte[] value) {}
}
