package io.ledgerlab.ledger.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.thetaphi.forbiddenapis.Checker;
import de.thetaphi.forbiddenapis.ForbiddenApiException;
import de.thetaphi.forbiddenapis.Logger;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The node-code signatures (src/build/node-code.signatures, enforced on the ledger module's main
 * classes at process-classes) bite: forbiddenapis, run on a compiled class that makes each
 * forbidden call, reports every one and fails; on near neighbours that node code may use, it
 * passes. A signature that stops resolving, or stops matching, fails this test.
 */
class NodeCodeSignaturesTest {
  private static final File SIGNATURES = new File("src/build/node-code.signatures");

  @Test
  void everyForbiddenCallIsReportedAndFailsTheCheck() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    Checker checker = checker(errors);
    checker.addClassesToCheck(classFiles(ForbiddenCalls.class));

    assertThatThrownBy(checker::run)
        .isInstanceOf(ForbiddenApiException.class)
        .hasMessageContaining("Check for forbidden API calls failed");
    String report = String.join("\n", errors);
    // "<signature> [" so that java.io.File is not taken for java.io.FileReader.
    List<String> expected =
        List.of(
            "java.util.Collections#shuffle(java.util.List)",
            "java.util.Collection#parallelStream()",
            "java.util.stream.BaseStream#parallel()",
            "java.util.stream.IntStream#parallel()",
            "java.util.concurrent.ForkJoinPool",
            "java.util.concurrent.CompletableFuture#supplyAsync(java.util.function.Supplier)",
            "java.util.concurrent.CompletableFuture#supplyAsync(java.util.function.Supplier,"
                + "java.util.concurrent.Executor)",
            "java.util.concurrent.CompletableFuture#runAsync(java.lang.Runnable,"
                + "java.util.concurrent.Executor)",
            "java.util.concurrent.CompletableFuture#thenApplyAsync(java.util.function.Function)",
            "java.util.concurrent.CompletableFuture#thenApplyAsync(java.util.function.Function,"
                + "java.util.concurrent.Executor)",
            "java.util.concurrent.ThreadPoolExecutor",
            "java.lang.ProcessBuilder",
            "java.lang.Runtime#exec(java.lang.String[])",
            "java.lang.System#getenv()",
            "java.lang.System#getenv(java.lang.String)",
            "java.lang.System#getProperty(java.lang.String)",
            "java.lang.System#getProperty(java.lang.String,java.lang.String)",
            "java.lang.System#getProperties()",
            "java.io.FileReader",
            "java.io.FileWriter",
            "java.io.File",
            "java.net.http.HttpClient",
            "java.nio.channels.DatagramChannel",
            "java.time.LocalDate#now()",
            "java.time.LocalDate#now(java.time.ZoneId)",
            "java.time.LocalTime#now()",
            "java.time.LocalTime#now(java.time.ZoneId)");
    for (String signature : expected) {
      assertThat(report).as("reported: %s", signature).contains(signature + " [");
    }
    // Each call is named with its place, so a developer can find it.
    assertThat(report)
        .contains("in io.ledgerlab.ledger.guard.ForbiddenCalls (ForbiddenCalls.java:");
  }

  @Test
  void theAllowedNeighboursPass() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();
    Checker checker = checker(errors);
    checker.addClassesToCheck(classFiles(AllowedCalls.class));
    checker.run();
    assertThat(errors).isEmpty();
  }

  private static Checker checker(List<String> errors) throws Exception {
    Logger logger =
        new Logger() {
          @Override
          public void error(String msg) {
            errors.add(msg);
          }

          @Override
          public void warn(String msg) {}

          @Override
          public void info(String msg) {}

          @Override
          public void debug(String msg) {}
        };
    Checker checker =
        new Checker(
            logger,
            NodeCodeSignaturesTest.class.getClassLoader(),
            Checker.Option.FAIL_ON_VIOLATION,
            Checker.Option.FAIL_ON_UNRESOLVABLE_SIGNATURES);
    assertThat(checker.isSupportedJDK).as("forbiddenapis can read this JDK").isTrue();
    checker.parseSignaturesFile(SIGNATURES);
    return checker;
  }

  /** The class file of {@code type} and of its nested and lambda classes. */
  private static File[] classFiles(Class<?> type) throws URISyntaxException {
    Path dir =
        Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(type.getPackageName().replace('.', '/'));
    File[] files =
        dir.toFile()
            .listFiles(
                f ->
                    f.getName().equals(type.getSimpleName() + ".class")
                        || f.getName().startsWith(type.getSimpleName() + "$"));
    assertThat(files).as("compiled %s", type).isNotEmpty();
    return files;
  }
}
