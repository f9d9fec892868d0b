package io.ledgerlab.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files: written for the owner's eyes only, read back to the same key, refused when bad. */
class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void aWrittenKeyReadsBackTheSame() throws Exception {
    KeyPair key = KeyPair.generate(SeededEntropy.of(11));
    Path file = dir.resolve("keys/deeper/node.key");
    KeyFiles.write(key, file);
    KeyPair read = KeyFiles.read(file);
    assertThat(read.seed()).isEqualTo(key.seed());
    assertThat(read.publicKey()).isEqualTo(key.publicKey());
    assertThat(Files.readString(file)).isEqualTo(HexFormat.of().formatHex(key.seed()) + "\n");
  }

  @Test
  void theFileIsReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("node.key");
    KeyFiles.write(KeyPair.generate(SeededEntropy.of(12)), file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void overwritingAnOpenFileStillLeavesItOwnerOnly() throws Exception {
    Path file = dir.resolve("node.key");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    KeyPair key = KeyPair.generate(SeededEntropy.of(13));
    KeyFiles.write(key, file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(KeyFiles.read(file).publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void upperCaseAndSurroundingWhitespaceAreAccepted() throws Exception {
    KeyPair key = KeyPair.generate(SeededEntropy.of(14));
    Path file = dir.resolve("node.key");
    Files.writeString(file, "  " + HexFormat.of().withUpperCase().formatHex(key.seed()) + "\r\n\n");
    assertThat(KeyFiles.read(file).publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void aMalformedFileNamesTheFileAndTheProblemButNotItsContent() throws Exception {
    String secretish = "ab".repeat(31) + "zz";
    for (String text :
        new String[] {"", "abc", secretish, "ab".repeat(33), "0x" + "ab".repeat(31)}) {
      Path file = dir.resolve("bad.key");
      Files.writeString(file, text);
      assertThatThrownBy(() -> KeyFiles.read(file))
          .as("'%s'", text)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(file + ": expected 64 hex characters")
          .hasMessageContaining("got " + text.length() + " chars")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretish.substring(0, 16)));
    }
  }

  @Test
  void aKeystoreReadAsAHexFileSaysItNeedsAPassword() throws Exception {
    Path file = Files.writeString(dir.resolve("node.json"), "{\"crypto\": {}}\n");
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ": a keystore, not a hex seed; it opens with a password (passwordFile or"
                + " passwordEnv)");
  }

  @Test
  void aMissingFileNamesTheFile() {
    Path file = dir.resolve("absent.key");
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": cannot read the key file");
  }
}
