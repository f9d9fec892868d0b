package io.ledgerlab.node.keys;

import io.ledgerlab.ledger.crypto.keystore.Kdf;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Keystore files: read with the file named in every message, written readable by the owner only.
 */
public final class KeystoreFiles {
  /**
   * The KDF of the keys the lab generates for a run: PBKDF2 with 8192 iterations, about 30 ms in a
   * node's cold JVM instead of scrypt's second and 256 MiB — paid by every node at every start,
   * twice (node and validator key). The password beside them is 256 random bits, so the KDF's cost
   * adds nothing to them; a person's key made by {@code ledgerlab keys create} gets scrypt.
   */
  public static final Kdf RUN_KDF = new Kdf.Pbkdf2(8192);

  /**
   * The largest keystore read: a run's accounts keystore of a million seeds (the most a manifest
   * may ask for) is about 64 MB.
   */
  public static final long FILE_BYTES_MAX = 128L << 20;

  private KeystoreFiles() {}

  /** Whether {@code file} holds a keystore (JSON) rather than a plain hex seed. */
  public static boolean isKeystore(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      int b;
      do {
        b = in.read();
      } while (b == ' ' || b == '\n' || b == '\r' || b == '\t');
      return b == '{';
    }
  }

  /**
   * Reads and parses the keystore in {@code file}.
   *
   * @throws IOException when the file cannot be read
   * @throws KeystoreException naming the file and the field when it is not a keystore
   */
  public static Keystore read(Path file) throws IOException, KeystoreException {
    if (Files.size(file) > FILE_BYTES_MAX) {
      throw new KeystoreException(file + ": larger than " + FILE_BYTES_MAX + " bytes");
    }
    return Keystore.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code keystore} to {@code file} through a temporary file created readable by the owner
   * only, then moved into place.
   *
   * @param replace whether an existing file may be replaced
   * @throws FileAlreadyExistsException when it exists and may not be replaced
   */
  public static void write(Keystore keystore, Path file, boolean replace) throws IOException {
    writePrivate(file, keystore.toJson(), replace);
  }

  /**
   * Writes {@code text} to {@code file}, readable by the owner only from its first byte (the
   * permissions are set when the temporary file is created), then moves it into place.
   */
  public static void writePrivate(Path file, String text, boolean replace) throws IOException {
    writePrivate(file, text.getBytes(StandardCharsets.UTF_8), replace);
  }

  /** {@link #writePrivate(Path, String, boolean)} for bytes the caller can wipe afterwards. */
  public static void writePrivate(Path file, byte[] bytes, boolean replace) throws IOException {
    if (!replace && Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString(), null, "it exists; not replaced");
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    try {
      tmp =
          Files.createTempFile(
              dir,
              ".key",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the platform's default permissions.
      tmp = Files.createTempFile(dir, ".key", ".tmp");
    }
    try {
      Files.write(tmp, bytes);
      if (replace) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        noReplace(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Puts {@code tmp} at {@code file} unless a file is there. */
  private static void noReplace(Path tmp, Path file) throws IOException {
    try {
      // A hard link fails when the name exists: no window between a check and the move.
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(file.toString(), null, "it exists; not replaced");
    } catch (UnsupportedOperationException | IOException e) {
      // No hard links here: a move without REPLACE_EXISTING, which checks first.
      Files.move(tmp, file);
    }
  }
}
