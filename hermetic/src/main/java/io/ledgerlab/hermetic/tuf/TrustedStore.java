package io.ledgerlab.hermetic.tuf;

import io.ledgerlab.runtime.disk.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The client's trusted metadata on disk, one file per role. Each write goes to a temporary file, is
 * forced to the disk and renamed over the old one, so a crash leaves either the old trusted file or
 * the new one, never half of one (specification 5.3.8, 5.4.5, 5.5.7, 5.6.6 persist).
 */
public final class TrustedStore {
  private final Path dir;

  public TrustedStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Optional<byte[]> read(Role role) {
    Path f = dir.resolve(role.fileName());
    try {
      return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void write(Role role, byte[] bytes) {
    try {
      DurableFiles.write(dir.resolve(role.fileName()), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void delete(Role role) {
    try {
      Files.deleteIfExists(dir.resolve(role.fileName()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
