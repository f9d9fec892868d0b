package io.ledgerlab.runtime.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteOptions;

/**
 * The real disk: RocksDB. A batch goes to the write-ahead log unsynced; {@link #sync()} fsyncs the
 * log, so everything written before it survives power loss.
 */
public final class RocksDisk implements Disk {
  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final Options options;

  /** The block cache of a store opened for writing, closed with it; null when read-only. */
  private final LRUCache cache;

  private final RocksDB db;
  private final WriteOptions writeOptions;
  private final boolean readOnly;

  private RocksDisk(Path directory, Options options, LRUCache cache, RocksDB db, boolean readOnly) {
    this.directory = directory;
    this.options = options;
    this.cache = cache;
    this.db = db;
    this.writeOptions = new WriteOptions().setSync(false);
    this.readOnly = readOnly;
  }

  /**
   * The memtable: RocksDB's default of 64 MiB, filled before a flush, would alone take most of a
   * node's 100 MB resident budget under load (issue 16); a node writes a few MB a second at 1,000
   * transfers/s, so 8 MiB still flushes only every few seconds.
   */
  static final long WRITE_BUFFER_BYTES = 8L << 20;

  /** Two memtables: one filling while the other flushes. */
  static final int WRITE_BUFFERS = 2;

  /** The block cache (RocksDB's default: 32 MiB); the state a node reads is mostly in its trie. */
  static final long BLOCK_CACHE_BYTES = 8L << 20;

  /** Opens the store in {@code directory}, creating it when missing. */
  public static RocksDisk open(Path directory) {
    LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setParanoidChecks(true)
            .setWriteBufferSize(WRITE_BUFFER_BYTES)
            .setMaxWriteBufferNumber(WRITE_BUFFERS)
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
    try {
      Files.createDirectories(directory);
      return new RocksDisk(
          directory, options, cache, RocksDB.open(options, directory.toString()), false);
    } catch (RocksDBException | java.io.IOException e) {
      options.close();
      cache.close();
      throw new DiskException("cannot open RocksDB at " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an existing store for reading only, for a tool that must never change a node's data (a
   * replay, an export). RocksDB takes no lock for it, so a node may still run on the store: reads
   * see it as it was at this open. Writes and syncs fail.
   */
  public static RocksDisk openReadOnly(Path directory) {
    if (!Files.isRegularFile(directory.resolve("CURRENT"))) {
      throw new DiskException(
          "no RocksDB store at " + directory + " (it has no CURRENT file)", null);
    }
    Options options = new Options().setCreateIfMissing(false).setParanoidChecks(true);
    try {
      return new RocksDisk(
          directory, options, null, RocksDB.openReadOnly(options, directory.toString()), true);
    } catch (RocksDBException e) {
      options.close();
      throw new DiskException(
          "cannot open RocksDB at " + directory + " read-only: " + e.getMessage(), e);
    }
  }

  public Path directory() {
    return directory;
  }

  @Override
  public byte[] get(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new DiskException("read failed in " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(WriteBatch batch) {
    requireWritable("write");
    try (org.rocksdb.WriteBatch rocksBatch = new org.rocksdb.WriteBatch()) {
      for (WriteBatch.Op op : batch.ops()) {
        if (op.isDelete()) {
          rocksBatch.delete(op.key());
        } else {
          rocksBatch.put(op.key(), op.value());
        }
      }
      db.write(writeOptions, rocksBatch);
    } catch (RocksDBException e) {
      throw new DiskException("write failed in " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void sync() {
    requireWritable("sync");
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      throw new DiskException("fsync of the log failed in " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<Entry> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
    List<Entry> out = new ArrayList<>(Math.min(limit, 1024));
    try (Slice upper = toExclusive == null ? null : new Slice(toExclusive);
        ReadOptions read = new ReadOptions();
        RocksIterator it = iterator(read, upper)) {
      if (fromInclusive == null) {
        it.seekToFirst();
      } else {
        it.seek(fromInclusive);
      }
      while (it.isValid() && out.size() < limit) {
        out.add(new Entry(it.key(), it.value()));
        it.next();
      }
      it.status();
    } catch (RocksDBException e) {
      throw new DiskException("scan failed in " + directory + ": " + e.getMessage(), e);
    }
    return out;
  }

  private RocksIterator iterator(ReadOptions read, Slice upper) {
    if (upper != null) {
      read.setIterateUpperBound(upper);
    }
    return db.newIterator(read);
  }

  /** Flushes memtables to files, so a reopen does not replay a long log. */
  public void flush() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
    } catch (RocksDBException e) {
      throw new DiskException("flush failed in " + directory + ": " + e.getMessage(), e);
    }
  }

  private void requireWritable(String what) {
    if (readOnly) {
      throw new DiskException("cannot " + what + ": " + directory + " was opened read-only", null);
    }
  }

  @Override
  public void close() {
    writeOptions.close();
    db.close();
    options.close();
    if (cache != null) {
      cache.close();
    }
  }
}
