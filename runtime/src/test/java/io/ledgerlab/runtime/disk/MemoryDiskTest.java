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

  @Test
  void crashUndoesALostBatchThatWroteOneKeyTwiceAndDeletedAnother() {
    MemoryDisk disk = new MemoryDisk();
    disk.write(new WriteBatch().put(b("a"), b("1")).put(b("c"), b("1")));
    disk.sync();
    disk.write(new WriteBatch().put(b("b"), b("kept")));
    disk.write(
        new WriteBatch()
            .put(b("a"), b("2"))
            .put(b("a"), b("3"))
            .delete(b("c"))
            .put(b("d"), b("new"))
            .delete(b("d")));
    disk.write(new WriteBatch().put(b("b"), b("lost")).put(b("e"), b("lost")));
    disk.crash(1);
    assertThat(s(disk.get(b("a")))).isEqualTo("1");
    assertThat(s(disk.get(b("b")))).isEqualTo("kept");
    assertThat(s(disk.get(b("c")))).isEqualTo("1");
    assertThat(disk.get(b("d"))).isNull();
    assertThat(disk.get(b("e"))).isNull();
    assertThat(disk.scan(null, null, 10)).hasSize(3);
    // What survived is durable now: a second crash loses nothing more.
    disk.crash();
    assertThat(s(disk.get(b("b")))).isEqualTo("kept");
  }

  @Test
  void aSyncMakesEveryBatchSurviveACrash() {
    MemoryDisk disk = new MemoryDisk();
    disk.write(new WriteBatch().put(b("a"), b("1")));
    disk.write(new WriteBatch().put(b("a"), b("2")).delete(b("x")));
    disk.sync();
    disk.crash();
    assertThat(s(disk.get(b("a")))).isEqualTo("2");
    assertThat(disk.syncCount()).isEqualTo(1);
  }
}
