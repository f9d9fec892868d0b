package io.ledgerlab.node.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Kdf;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keystore files on disk: the owner's only, never silently replaced, named in every error. */
class KeystoreFilesTest {
  @TempDir Path dir;

  private static Keystore keystore() {
    return Keystore.encrypt(
        KeyPair.generate(SeededEntropy.of(1)),
        Password.wrap("pw".toCharArray()),
        new Kdf.Pbkdf2(16),
        Label.of("k", Role.CLIENT, ""),
        SeededEntropy.of(2));
  }

  @Test
  void aKeystoreIsWrittenForItsOwnerAndReadBack() throws Exception {
    Path file = dir.resolve("keys/k.json");
    KeystoreFiles.write(keystore(), file, false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(KeystoreFiles.isKeystore(file)).isTrue();
    Keystore read = KeystoreFiles.read(file);
    assertThat(read.where()).isEqualTo("k (" + file + ")");
    assertThat(read.decrypt(Password.wrap("pw".toCharArray())).publicKey())
        .isEqualTo(KeyPair.generate(SeededEntropy.of(1)).publicKey());
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void anExistingFileIsNotReplacedUnlessAsked() throws Exception {
    Path file = Files.writeString(dir.resolve("k.json"), "mine");
    assertThatThrownBy(() -> KeystoreFiles.write(keystore(), file, false))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining(file.toString());
    assertThat(Files.readString(file)).isEqualTo("mine");
    KeystoreFiles.write(keystore(), file, true);
    assertThat(KeystoreFiles.isKeystore(file)).isTrue();
  }

  @Test
  void aHexSeedIsNotAKeystoreAndGarbageIsNamed() throws Exception {
    Path hex = Files.writeString(dir.resolve("node.key"), "  " + "ab".repeat(32) + "\n");
    assertThat(KeystoreFiles.isKeystore(hex)).isFalse();
    Path garbage = Files.writeString(dir.resolve("g.json"), "{\"version\": 4}");
    assertThatThrownBy(() -> KeystoreFiles.read(garbage))
        .isInstanceOf(KeystoreException.class)
        .hasMessage(garbage + ": crypto: missing");
  }
}
