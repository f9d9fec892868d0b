package io.ledgerlab.runtime.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDiskTest extends DiskContract {
  @TempDir Path dir;
  private RocksDisk open;

  @Override
  Disk disk() {
    open = RocksDisk.open(dir.resolve("db"));
    return open;
  }

  @AfterEach
  void close() {
    if (open != null) {
      open.close();
    }
  }

  @Test
  void syncedBatchSurvivesReopen() {
    try (RocksDisk disk = RocksDisk.open(dir.resolve("reopen"))) {
      disk.write(new WriteBatch().put(b("k"), b("v")));
      disk.sync();
    }
    try (RocksDisk disk = RocksDisk.open(dir.resolve("reopen"))) {
      assertThat(s(disk.get(b("k")))).isEqualTo("v");
    }
  }

  @Test
  void aReadOnlyOpenReadsWhatAWriterHoldsAndRefusesToWrite() {
    try (RocksDisk writer = RocksDisk.open(dir.resolve("shared"))) {
      writer.write(new WriteBatch().put(b("k"), b("v")));
      writer.sync();
      try (RocksDisk reader = RocksDisk.openReadOnly(dir.resolve("shared"))) {
        assertThat(s(reader.get(b("k")))).isEqualTo("v");
        assertThat(reader.scan(null, null, 10)).hasSize(1);
        assertThatThrownBy(() -> reader.write(new WriteBatch().put(b("k"), b("w"))))
            .isInstanceOf(DiskException.class)
            .hasMessageContaining("opened read-only");
        assertThatThrownBy(reader::sync).isInstanceOf(DiskException.class);
      }
      assertThat(s(writer.get(b("k")))).isEqualTo("v");
    }
  }

  @Test
  void aReadOnlyOpenOfNoStoreNamesThePathAndCreatesNothing() {
    Path none = dir.resolve("none");
    assertThatThrownBy(() -> RocksDisk.openReadOnly(none))
        .isInstanceOf(DiskException.class)
        .hasMessage("no RocksDB store at " + none + " (it has no CURRENT file)");
    assertThat(none).doesNotExist();
  }

  @Test
  void unopenableDirectoryNamesThePath() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> RocksDisk.open(file))
        .isInstanceOf(DiskException.class)
        .hasMessageContaining(file.toString());
  }
}
