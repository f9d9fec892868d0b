package io.ledgerlab.node.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node config that is not UTF-8, or of the wrong type, is named in plain words. */
class NodeConfigsBadInputTest {
  @TempDir Path dir;

  @Test
  void aLatin1ByteIsPlaced() throws Exception {
    Path file =
        Files.write(
            dir.resolve("n0.yaml"), "name: n\u00e90\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> NodeConfigs.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":1:8: not UTF-8 text (byte 0xE9); save the file as UTF-8");
  }

  @Test
  void aWordWhereANumberBelongsSaysWhatWasExpected() throws Exception {
    Path file = Files.writeString(dir.resolve("n0.yaml"), "name: n0\nclockOffsetMicros: soon\n");
    assertThatThrownBy(() -> NodeConfigs.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":2:20: /clockOffsetMicros: expected a whole number, got text 'soon'");
  }
}
