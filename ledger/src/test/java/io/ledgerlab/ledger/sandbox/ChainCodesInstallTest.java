package io.ledgerlab.ledger.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.sandbox.samples.AuctionSample;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node installs the jars its genesis names, and starts with none it cannot trust. */
class ChainCodesInstallTest {
  @TempDir Path dir;

  private Path jar() throws Exception {
    Path code = dir.resolve("code");
    Files.createDirectories(code);
    Path jar = TestJars.of(code, AuctionSample.class);
    return Files.move(jar, code.resolve("auction.jar"));
  }

  private Genesis genesis(String name, int version, String sha) {
    return GenesisBuilder.chain("c")
        .validator("n0", KeyPair.generate(SeededEntropy.of(1)).publicKey(), 1)
        .chainCode(new Genesis.CodeJar(name, version, "code/auction.jar", sha))
        .build();
  }

  @Test
  void theGenesisJarIsInstalledBesideTheBuiltIns() throws Exception {
    Path jar = jar();
    ChainCode code = Sandbox.load(jar, Sandbox.sha256Hex(jar));
    ChainCodeRegistry registry =
        ChainCodes.registry(
            Canary.NONE, genesis(code.name(), code.version(), Sandbox.sha256Hex(jar)), dir);
    assertThat(registry.find(code.name(), code.version())).isPresent();
    assertThat(registry.find("token", 1)).isPresent();
  }

  @Test
  void anAlteredJarStopsTheNodeNamingIt() throws Exception {
    Path jar = jar();
    ChainCode code = Sandbox.load(jar, Sandbox.sha256Hex(jar));
    Genesis g = genesis(code.name(), code.version(), "0".repeat(64));
    assertThatThrownBy(() -> ChainCodes.registry(Canary.NONE, g, dir))
        .hasMessageContaining("chain code " + code.name() + " version " + code.version())
        .hasMessageContaining("0".repeat(64));
  }

  @Test
  void aJarHoldingOtherCodeThanTheGenesisNamesIsRefused() throws Exception {
    Path jar = jar();
    Genesis g = genesis("other", 1, Sandbox.sha256Hex(jar));
    assertThatThrownBy(() -> ChainCodes.registry(Canary.NONE, g, dir))
        .hasMessageContaining("auction.jar holds chain code")
        .hasMessageContaining("the genesis names other version 1");
  }

  @Test
  void aMissingJarIsNamed() {
    Genesis g = genesis("auction", 1, "1".repeat(64));
    assertThatThrownBy(() -> ChainCodes.registry(Canary.NONE, g, dir))
        .hasMessageContaining("auction.jar");
  }
}
