package io.ledgerlab.runtime.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on a file, held until closed: one process (and one holder in it) at a time
 * changes what the file guards. The operating system drops it when the process dies, so a crash
 * leaves nothing to clean up.
 */
public final class HeldLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private HeldLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock on {@code file} (created if absent), or empty when someone holds it. */
  public static Optional<HeldLock> tryLock(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      // This JVM holds it already: as taken as if another process did.
      l = null;
    }
    if (l == null) {
      ch.close();
      return Optional.empty();
    }
    return Optional.of(new HeldLock(ch, l));
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
