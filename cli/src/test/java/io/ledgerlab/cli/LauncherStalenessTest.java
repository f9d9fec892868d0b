package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ledgerlab} launcher's staleness check, run as the real script on a copy of this
 * build's poms: it rebuilds the CLI jar when a main source of any module the CLI is built from
 * changes, appears, disappears or is renamed, and not for tests; the modules come from the poms, so
 * a new dependency cannot be forgotten.
 */
class LauncherStalenessTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final FileTime BUILT = FileTime.from(Instant.parse("2026-01-01T00:00:10Z"));
  private static final FileTime BEFORE = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

  @TempDir Path tree;

  @BeforeEach
  void copyTheBuild() throws IOException {
    Files.copy(REPO.resolve("ledgerlab"), tree.resolve("ledgerlab"));
    Files.copy(REPO.resolve("pom.xml"), tree.resolve("pom.xml"));
    try (Stream<Path> modules = Files.list(REPO)) {
      for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).toList()) {
        Path copy = Files.createDirectories(tree.resolve(module.getFileName().toString()));
        Files.copy(module.resolve("pom.xml"), copy.resolve("pom.xml"));
        write(copy.resolve("src/main/java/Main.java"), "class Main {}");
        write(copy.resolve("src/test/java/MainTest.java"), "class MainTest {}");
      }
    }
    write(tree.resolve("cli/target/ledgerlab.jar"), "jar");
    setAllTimes(BEFORE);
    Files.setLastModifiedTime(tree.resolve("cli/target/ledgerlab.jar"), BUILT);
  }

  @Test
  void theModulesComeFromThePomsAndAnUntouchedTreeIsFresh() throws Exception {
    Result r = check();
    assertThat(r.out()).contains("fresh");
    assertThat(r.exit()).isZero();
    String modules = r.out().lines().filter(l -> l.startsWith("modules:")).findFirst().orElse("");
    assertThat(modules.split(" "))
        .contains(
            "cli",
            "lab",
            "node",
            "observe",
            "ledger",
            "runtime",
            "chaincode-sdk",
            "hermetic",
            "docker",
            "ethereum")
        .doesNotContain("junit", "bench");
  }

  @Test
  void aChangedMainSourceInNodeOrObserveMakesTheJarStale() throws Exception {
    for (String module : List.of("node", "observe")) {
      Path source = tree.resolve(module).resolve("src/main/java/Main.java");
      Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2026-01-01T00:00:20Z")));
      Result r = check();
      assertThat(r.exit()).as(r.out()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              "stale: " + module + "/src/main/java/Main.java changed after the jar was built");
      Files.setLastModifiedTime(source, BEFORE);
    }
  }

  @Test
  void aDeletedOrRenamedSourceMakesTheJarStale() throws Exception {
    Files.delete(tree.resolve("observe/src/main/java/Main.java"));
    Result deleted = check();
    assertThat(deleted.exit()).isEqualTo(1);
    assertThat(deleted.out()).contains("stale: observe/src/main/java changed");

    setAllTimes(BEFORE);
    Files.setLastModifiedTime(tree.resolve("cli/target/ledgerlab.jar"), BUILT);
    assertThat(check().exit()).isZero();
    // mv keeps the file's time: only its directory shows the rename.
    Path from = tree.resolve("node/src/main/java/Main.java");
    Path to = Files.createDirectories(tree.resolve("node/src/main/java/moved"));
    Files.move(from, to.resolve("Main.java"), StandardCopyOption.ATOMIC_MOVE);
    Files.setLastModifiedTime(to.resolve("Main.java"), BEFORE);
    Result renamed = check();
    assertThat(renamed.exit()).isEqualTo(1);
    assertThat(renamed.out()).contains("stale: node/src/main/java");
  }

  @Test
  void testsAndModulesOutsideTheCliDoNotCount() throws Exception {
    FileTime later = FileTime.from(Instant.parse("2026-01-01T00:00:20Z"));
    Files.setLastModifiedTime(tree.resolve("node/src/test/java/MainTest.java"), later);
    Files.setLastModifiedTime(tree.resolve("bench/src/main/java/Main.java"), later);
    Files.setLastModifiedTime(tree.resolve("junit/src/main/java/Main.java"), later);
    Result r = check();
    assertThat(r.out()).contains("fresh");
    assertThat(r.exit()).isZero();
  }

  @Test
  void aMissingJarAndAChangedPomAreStale() throws Exception {
    Files.setLastModifiedTime(
        tree.resolve("runtime/pom.xml"), FileTime.from(Instant.parse("2026-01-01T00:00:20Z")));
    assertThat(check().out()).contains("stale: runtime/pom.xml changed after the jar was built");
    Files.delete(tree.resolve("cli/target/ledgerlab.jar"));
    assertThat(check().out()).contains("stale: no jar at cli/target/ledgerlab.jar");
  }

  @Test
  void aDependencyOnAModuleThatIsNotThereIsNamed() throws Exception {
    Path pom = tree.resolve("node/pom.xml");
    String text = Files.readString(pom);
    Files.writeString(
        pom,
        text.replace(
            "<artifactId>ledgerlab-observe</artifactId>",
            "<artifactId>ledgerlab-observe</artifactId></dependency><dependency>"
                + "<artifactId>ledgerlab-gone</artifactId>"));
    Result r = check();
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out())
        .contains(
            "ledgerlab: node/pom.xml depends on ledgerlab-gone, but there is no gone/pom.xml");
  }

  // ---- Helpers --------------------------------------------------------------------------------

  record Result(int exit, String out) {}

  private Result check() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", tree.resolve("ledgerlab").toString()).redirectErrorStream(true);
    builder.environment().put("LEDGERLAB_LAUNCHER_CHECK", "1");
    Process p = builder.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher answers").isTrue();
      return new Result(p.exitValue(), out);
    } finally {
      p.destroyForcibly();
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void setAllTimes(FileTime time) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(tree)) {
      walk.forEach(all::add);
    }
    for (Path p : all) {
      Files.setLastModifiedTime(p, time);
    }
  }
}
