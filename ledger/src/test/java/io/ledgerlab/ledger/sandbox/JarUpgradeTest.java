package io.ledgerlab.ledger.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.exec.Versions;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.sandbox.samples.VersionOne;
import io.ledgerlab.ledger.sandbox.samples.VersionTwo;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.MemoryDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain whose genesis names a user jar at version 1 and schedules version 2's jar at height 3:
 * the node carries both, and every block runs the version in force at its height.
 */
class JarUpgradeTest {
  @TempDir Path dir;

  private Genesis.CodeJar jar(Class<?> code, int version) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    TestJars.addWithNested(entries, VersionOne.class);
    if (code != VersionOne.class) {
      TestJars.addWithNested(entries, code);
    }
    entries.put(JarContents.SERVICE_FILE, (code.getName() + "\n").getBytes());
    Path jar = TestJars.write(dir.resolve("versioned-" + version + ".jar"), entries);
    return new Genesis.CodeJar(
        "versioned", version, jar.getFileName().toString(), Sandbox.sha256Hex(jar));
  }

  @Test
  void theScheduledJarTakesOverAtItsHeight() throws Exception {
    Genesis.CodeJar one = jar(VersionOne.class, 1);
    Genesis.CodeJar two = jar(VersionTwo.class, 2);
    TestChain chain = new TestChain(5, 1, 10, b -> b.chainCode(one).upgrade(two, 3));
    assertThat(Files.exists(dir.resolve(two.jar()))).isTrue();
    Ledger ledger =
        chain.open(new MemoryDisk(), ChainCodes.registry(Canary.NONE, chain.genesis, dir));
    long nonce = 0;
    for (int height = 1; height <= 3; height++) {
      int expected = height < 3 ? 1 : 2;
      Transaction stale = chain.call(0, nonce, "versioned", 3 - expected, "put", new byte[] {7});
      Transaction current = chain.call(0, nonce, "versioned", expected, "put", new byte[] {7});
      var executed =
          ledger
              .executor()
              .propose(
                  ledger.chainId(),
                  ledger.head(),
                  List.of(stale, current),
                  height * 1_000L,
                  chain.validator.address(),
                  CommitCertificate.EMPTY);
      assertThat(executed.dropped())
          .singleElement()
          .satisfies(d -> assertThat(d.check().reason()).isEqualTo(RejectReason.UNKNOWN_VERSION));
      assertThat(executed.block().transactions()).containsExactly(current);
      ledger.commit(executed);
      nonce++;
    }
    assertThat(Versions.inForce(ledger.state(), "versioned")).isEqualTo(2);
    assertThat(ledger.query("versioned", "which", new byte[0]).result()).containsExactly(2);
  }
}
