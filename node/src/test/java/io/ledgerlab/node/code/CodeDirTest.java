package io.ledgerlab.node.code;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.sandbox.Sandbox;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's code directory: jars found by hash at start and on a rescan, bad files reported. */
class CodeDirTest {
  @TempDir Path dir;

  private final List<CodeDir.Problem> problems = new ArrayList<>();

  static Path pack(Path jar, Class<? extends ChainCode> main) throws Exception {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      String entry = main.getName().replace('.', '/') + ".class";
      try (InputStream in = main.getClassLoader().getResourceAsStream(entry)) {
        out.putNextEntry(new JarEntry(entry));
        in.transferTo(out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + ChainCode.class.getName()));
      out.write((main.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aJarPresentAtStartIsFoundByNameVersionAndHash() throws Exception {
    Path code = Files.createDirectories(dir.resolve("code"));
    String sha = Sandbox.sha256Hex(pack(code.resolve("echo.jar"), Echo.class));
    CodeDir source = CodeDir.open(code, problems::add);
    assertThat(source.find("echo", 3, sha)).isPresent();
    assertThat(source.find("echo", 2, sha)).as("another version").isEmpty();
    assertThat(source.find("other", 3, sha)).as("another name").isEmpty();
    assertThat(source.find("echo", 3, "00".repeat(32))).as("another hash").isEmpty();
    assertThat(source.loaded()).containsEntry(sha, "echo version 3");
    assertThat(problems).isEmpty();
  }

  @Test
  void aJarAddedLaterIsFoundOnTheNextRescanAndADirectoryMadeLaterToo() throws Exception {
    Path code = dir.resolve("not-yet");
    CodeDir source = CodeDir.open(code, problems::add);
    assertThat(source.rescan()).as("no directory yet").isFalse();
    Files.createDirectories(code);
    String sha = Sandbox.sha256Hex(pack(dir.resolve("echo.jar"), Echo.class));
    assertThat(source.find("echo", 3, sha)).isEmpty();
    Files.copy(dir.resolve("echo.jar"), code.resolve("echo.jar"));
    assertThat(source.rescan()).isTrue();
    assertThat(source.find("echo", 3, sha)).isPresent();
    assertThat(source.rescan()).as("nothing new").isFalse();
    Files.delete(code.resolve("echo.jar"));
    assertThat(source.find("echo", 3, sha)).as("loaded code stays").isPresent();
  }

  @Test
  void aFileTheSandboxRefusesIsReportedAndSkipped() throws Exception {
    Path code = Files.createDirectories(dir.resolve("code"));
    Files.writeString(code.resolve("broken.jar"), "not a zip");
    Files.writeString(code.resolve("notes.txt"), "ignored: not a jar");
    CodeDir source = CodeDir.open(code, problems::add);
    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.jar()).isEqualTo(code.resolve("broken.jar")));
    assertThat(source.loaded()).isEmpty();
    // Fixed in place (another size): looked at again.
    pack(code.resolve("broken.jar"), Echo.class);
    assertThat(source.rescan()).isTrue();
    assertThat(source.loaded()).hasSize(1);
  }
}
