package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.cli.chaincode.Greeter;
import io.ledgerlab.cli.chaincode.Spawner;
import io.ledgerlab.ledger.sandbox.Sandbox;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ledgerlab chaincode check}: a jar as a node would judge it. */
class ChainCodeCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path jar(Class<? extends ChainCode> code) throws Exception {
    Path jar = dir.resolve(code.getSimpleName() + ".jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(file)) {
      zip.putNextEntry(new JarEntry("META-INF/services/" + ChainCode.class.getName()));
      zip.write((code.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      String entry = code.getName().replace('.', '/') + ".class";
      zip.putNextEntry(new JarEntry(entry));
      try (InputStream in = code.getClassLoader().getResourceAsStream(entry)) {
        in.transferTo(zip);
      }
    }
    return jar;
  }

  @Test
  void anAcceptedJarPrintsWhatAManifestEntryNeeds() throws Exception {
    Path jar = jar(Greeter.class);
    assertThat(run("chaincode", "check", jar.toString())).isEqualTo(ExitCode.OK);
    assertThat(out.toString())
        .contains("accepted")
        .contains("name:    greeter")
        .contains("version: 3")
        .contains("sha256:  " + Sandbox.sha256Hex(jar));
  }

  @Test
  void aRefusedJarListsEveryViolationAndExitsOne() throws Exception {
    assertThat(run("chaincode", "check", jar(Spawner.class).toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString())
        .contains("refused by the chain-code sandbox")
        .contains("Spawner.invoke(..): calls java/lang/Thread.start()V")
        .contains("static mutable state");
  }

  @Test
  void aMissingJarIsAUsageError() {
    assertThat(run("chaincode", "check", dir.resolve("none.jar").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("none.jar: no such file");
  }
}
