package io.ledgerlab.lab.target.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.ledger.crypto.keystore.Kdf;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys drawn from a seed (the simulator's) are as secret as the printed seed: their keystores take
 * one KDF iteration; keys from the system's secure source keep the run's KDF. Both read back.
 */
class SeededKeystoresTest {
  @TempDir Path dir;

  @Test
  void seededKeysGetTheCheapKdfAndSecureOnesTheRunKdf() throws Exception {
    Network network = ManifestParser.parse("m.yaml", "name: k\nvalidators: 2\n");
    RunLayout seeded = new RunLayout(dir.resolve("seeded"));
    RunLayout secure = new RunLayout(dir.resolve("secure"));

    ReferenceChain a = new ReferenceTarget().deploy(network, seeded, SeededEntropy.of(3), 0);
    ReferenceChain b = new ReferenceTarget().deploy(network, secure, new SystemEntropy(), 0);

    assertThat(KeystoreFiles.read(seeded.validatorKey("n0")).kdf())
        .isEqualTo(new Kdf.Pbkdf2(1))
        .isEqualTo(RunKeys.SEEDED_KDF);
    assertThat(KeystoreFiles.read(seeded.accountsKeystore()).kdf()).isEqualTo(RunKeys.SEEDED_KDF);
    assertThat(KeystoreFiles.read(secure.validatorKey("n0")).kdf())
        .isEqualTo(KeystoreFiles.RUN_KDF);
    try (RunKeys keys = RunKeys.open(seeded)) {
      assertThat(keys.read(seeded.validatorKey("n1")).publicKey())
          .isEqualTo(a.validatorKey("n1").publicKey());
      assertThat(keys.readAccounts()).hasSize(a.accounts());
    }
    try (RunKeys keys = RunKeys.open(secure)) {
      assertThat(keys.read(secure.nodeKey("n0")).publicKey())
          .isEqualTo(b.nodeKey("n0").publicKey());
    }
  }
}
