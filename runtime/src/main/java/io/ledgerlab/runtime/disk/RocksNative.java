package io.ledgerlab.runtime.disk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * RocksDB's native library, extracted once into a directory that node processes put on {@code
 * java.library.path}. Left to itself, RocksDB copies its 15 MB library to a fresh temporary file at
 * every start and deletes it at exit — so every node killed by the lab would leave one behind.
 */
public final class RocksNative {
  private RocksNative() {}

  /**
   * Makes sure {@code dir} holds this platform's RocksDB library and returns {@code dir}. Safe when
   * several processes do it at once: the file appears whole or not at all.
   */
  public static Path extractTo(Path dir) throws IOException {
    String name = Environment.getJniLibraryFileName("rocksdb");
    Path target = dir.resolve(name);
    if (Files.isRegularFile(target)) {
      return dir;
    }
    Files.createDirectories(dir);
    try (InputStream in = RocksDB.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("RocksDB has no native library " + name + " for this platform");
      }
      Path tmp = Files.createTempFile(dir, name, ".part");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return dir;
  }

  /**
   * A directory under {@code cacheRoot} for exactly this library: named by its size, so that
   * another RocksDB version never loads a stale copy.
   */
  public static Path versionedDir(Path cacheRoot) throws IOException {
    String name = Environment.getJniLibraryFileName("rocksdb");
    java.net.URL url = RocksDB.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IOException("RocksDB has no native library " + name + " for this platform");
    }
    return cacheRoot.resolve("rocksdb-" + url.openConnection().getContentLengthLong());
  }
}
