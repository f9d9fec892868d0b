package io.ledgerlab.runtime.disk;

import java.util.List;

/**
 * A disk whose {@link #sync()} does nothing: what is written stays in the volatile queue and a
 * power loss takes it back. Deliberately broken storage, for checking that the lab's durability
 * check catches it.
 */
public final class UnsyncedDisk implements Disk {
  private final Disk disk;

  public UnsyncedDisk(Disk disk) {
    this.disk = disk;
  }

  @Override
  public byte[] get(byte[] key) {
    return disk.get(key);
  }

  @Override
  public void write(WriteBatch batch) {
    disk.write(batch);
  }

  @Override
  public void sync() {
    // The bug: the durability barrier is skipped.
  }

  @Override
  public List<Entry> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    return disk.scan(fromInclusive, toExclusive, limit);
  }

  @Override
  public void close() {
    disk.close();
  }
}
