package io.ledgerlab.docker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root filesystems of images built here: what goes in, and that equal content is equal. */
class RootFsTest {
  @TempDir Path dir;

  @Test
  void aProgramBringsTheLibrariesItLinksAndItsLoader() throws Exception {
    Path program = Path.of("/bin/true").toRealPath();

    List<Path> libs = RootFs.libraries(program);

    assertThat(libs).anyMatch(p -> p.getFileName().toString().startsWith("libc.so"));
    assertThat(libs).anyMatch(p -> p.getFileName().toString().startsWith("ld-linux"));
  }

  @Test
  void equalContentMakesEqualHashesAndAnyChangeAnother() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "one");
    String first = new RootFs().dir("/tmp", 01777).file("/opt/a", a).contentHash();
    String again = new RootFs().dir("/tmp", 01777).file("/opt/a", a).contentHash();
    Files.writeString(a, "two");
    String changed = new RootFs().dir("/tmp", 01777).file("/opt/a", a).contentHash();
    String moved = new RootFs().dir("/tmp", 01777).file("/opt/b", a).contentHash();

    assertThat(again).isEqualTo(first);
    assertThat(changed).isNotEqualTo(first);
    assertThat(moved).isNotEqualTo(changed);
  }

  @Test
  void theContextIsADockerfileFromScratchAndTheFilesInPathOrderAtOneTime() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "one");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new RootFs().file("/opt/z/a", a).dir("/tmp", 01777).writeContext(out);

    List<String> names = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    String dockerfile = null;
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        names.add(e.getName());
        times.add(e.getModTime().getTime());
        if (e.getName().equals("Dockerfile")) {
          dockerfile = new String(tar.readAllBytes());
        }
        if (e.getName().equals("rootfs/tmp/")) {
          assertThat(e.getMode() & 07777).isEqualTo(01777);
        }
      }
    }
    assertThat(dockerfile).isEqualTo("FROM scratch\nCOPY rootfs/ /\n");
    assertThat(names)
        .containsExactly(
            "Dockerfile", "rootfs/opt/", "rootfs/opt/z/", "rootfs/opt/z/a", "rootfs/tmp/");
    assertThat(times).containsOnly(times.get(0));
  }

  @Test
  void aScriptIsRefusedNamingWhatToGiveInstead() throws IOException {
    Path script = Files.writeString(dir.resolve("node.sh"), "#!/bin/sh\nexec node x\n");
    script.toFile().setExecutable(true);

    assertThatThrownBy(() -> new Images(null, line -> {}).program(script))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a binary")
        .hasMessageContaining("launch.image");
  }

  @Test
  void imageNamesAreWhatDockerAccepts() {
    assertThat(Images.imageName("Anvil")).isEqualTo("anvil");
    assertThat(Images.imageName("lodestar node+x")).isEqualTo("lodestar-node-x");
    assertThat(Images.imageName("..")).isEqualTo("node");
  }
}
