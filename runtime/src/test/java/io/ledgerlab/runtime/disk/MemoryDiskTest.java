package io.ledgerlab.runtime.disk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryDiskTest extends DiskContract {
  @Override
  Disk disk() {
    return new MemoryDisk();
  }

  @Test
  void crashLosesEverythingAfterTheLastSync() {
    MemoryDisk disk = new MemoryDisk();
    disk.write(new WriteBatch().put(b("a"), b("1")));
    disk.sync();
    disk.write(new WriteBatch().put(b("a"), b("2")).put(b("b"), b("2")));
    disk.write(new WriteBatch().delete(b("a")));
    disk.crash();
    assertThat(s(disk.get(b("a")))).isEqualTo("1");
    assertThat(disk.get(b("b"))).isNull();
    assertThat(disk.unsyncedBatches()).isZero();
  }

  @Test
  void crashKeepsAPrefixOfWholeBatchesNeverHalfOfOne() {
    MemoryDisk disk = new MemoryDisk();
    disk.write(new WriteBatch().put(b("a"), b("1")).put(b("b"), b("1")));
    disk.write(new WriteBatch().put(b("a"), b("2")).put(b("b"), b("2")));
    disk.crash(1);
    assertThat(s(disk.get(b("a")))).isEqualTo("1");
    assertThat(s(disk.get(b("b")))).isEqualTo("1");
  }
}
