package io.ledgerlab.hermetic.tuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
      writeAtomically(dir.resolve(role.fileName()), bytes);
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

  /** Writes {@code bytes} to {@code file} durably: temporary file, fsync, rename, fsync dir. */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve("." + file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(parent, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename itself is atomic.
    }
  }
}
