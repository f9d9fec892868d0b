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
  void unopenableDirectoryNamesThePath() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> RocksDisk.open(file))
        .isInstanceOf(DiskException.class)
        .hasMessageContaining(file.toString());
  }
}
