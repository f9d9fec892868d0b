package io.ledgerlab.lab.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code network.chainCode}: user jars named in a manifest, checked when it is read, deployed. */
class ChainCodeManifestTest {
  @TempDir Path dir;

  private Path manifest(String chainCode) throws Exception {
    TestJars.pack(dir.resolve("counter.jar"), Counter.class);
    return Files.writeString(
        dir.resolve("net.yaml"), "name: cc\nvalidators: 4\nchainCode:\n" + chainCode);
  }

  @Test
  void aJarIsReadThroughTheSandboxAndNamedByItsCode() throws Exception {
    Network n = ManifestParser.read(manifest("  - jar: counter.jar\n"));
    assertThat(n.chainCode())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.name()).isEqualTo("counter");
              assertThat(j.version()).isEqualTo(1);
              assertThat(j.sha256()).isEqualTo(Sandbox.sha256Hex(dir.resolve("counter.jar")));
              assertThat(j.jar()).isEqualTo(dir.resolve("counter.jar"));
            });
  }

  @Test
  void deployCopiesTheJarBesideTheGenesisThatNamesIt() throws Exception {
    Network n = ManifestParser.read(manifest("  - jar: counter.jar\n"));
    RunLayout run = new RunLayout(dir.resolve("run"));
    var chain = new ReferenceTarget().deploy(n, run, SeededEntropy.of(1), 0);
    Genesis g = chain.genesis();
    assertThat(g.chainCodes()).containsEntry("counter", 1).containsKeys("token", "kv");
    assertThat(g.jars())
        .containsExactly(
            new Genesis.CodeJar(
                "counter", 1, "chaincode/counter-1.jar", n.chainCode().get(0).sha256()));
    assertThat(run.chainCodeJar("counter", 1)).hasSameBinaryContentAs(dir.resolve("counter.jar"));
    assertThat(Files.readString(run.genesis())).contains("jar: chaincode/counter-1.jar");
  }

  @Test
  void aWrongHashIsRefusedWithItsPlace() throws Exception {
    Path file = manifest("  - jar: counter.jar\n    sha256: " + "0".repeat(64) + "\n");
    assertThatThrownBy(() -> ManifestParser.read(file))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("net.yaml:5:5")
        .hasMessageContaining("chainCode.0.sha256")
        .hasMessageContaining("the jar's SHA-256");
  }

  @Test
  void aMissingJarIsRefusedWithItsPlace() throws Exception {
    Path file = manifest("  - jar: nowhere.jar\n");
    assertThatThrownBy(() -> ManifestParser.read(file))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("net.yaml:4:5")
        .hasMessageContaining("chainCode.0.jar")
        .hasMessageContaining("nowhere.jar");
  }

  @Test
  void aSecondJarOfTheSameCodeIsRefused() throws Exception {
    Path file = manifest("  - jar: counter.jar\n  - jar: counter.jar\n");
    assertThatThrownBy(() -> ManifestParser.read(file))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("chainCode.1.jar")
        .hasMessageContaining("one jar per chain code");
  }
}
