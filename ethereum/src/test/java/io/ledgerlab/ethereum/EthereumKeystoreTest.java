package io.ledgerlab.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts from keystore files: in file order, paid by as many mnemonic accounts the node funds,
 * the password read from where the manifest points and never written anywhere.
 */
class EthereumKeystoreTest {
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;

  private Network manifest(String options) throws Exception {
    Path file = dir.resolve("eth.yaml");
    Files.writeString(
        file,
        "name: eth\ntarget: ethereum\nvalidators: 1\nbalance: 50\ntargetOptions:\n"
            + options
            + "launch:\n  command: anvil --port {rpcPort} --mnemonic {mnemonic}"
            + " --accounts {accounts} --balance {balance}\n");
    return ManifestParser.read(file);
  }

  @Test
  void theAccountsAreTheKeystoresFilesAndTheNodeFundsAsManyPayersWithTheirFee() throws Exception {
    List<String> addresses = KeystoreFiles.write(dir.resolve("keys"), 3, PASSWORD);
    Files.writeString(dir.resolve("password.txt"), PASSWORD + "\n");
    Network n = manifest("  keystore: keys\n  keystorePassword: file:password.txt\n");
    RunLayout run = new RunLayout(dir.resolve("run"));

    EthereumChain chain = new EthereumTarget().deploy(n, run, SeededEntropy.of(1), 0);

    assertThat(chain.accounts()).isEqualTo(3);
    assertThat(Files.readAllLines(run.accounts())).containsExactlyElementsOf(addresses);
    InetSocketAddress rpc = new InetSocketAddress("127.0.0.1", 8545);
    NodeSetup setup =
        chain.prepare(new NodeSlot(n, n.nodes().get(0), 0, run, rpc, rpc, Map.of(), 1));
    assertThat(setup.placeholders()).containsEntry("accounts", "3").containsEntry("balance", "51");
    for (Path f : filesUnder(run)) {
      assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
          .as("%s", f)
          .doesNotContain(PASSWORD);
    }
  }

  @Test
  void aWrongPasswordStopsEverythingNamingTheFile() throws Exception {
    KeystoreFiles.write(dir.resolve("keys"), 1, PASSWORD);
    Files.writeString(dir.resolve("password.txt"), "wrong\n");
    Network n = manifest("  keystore: keys\n  keystorePassword: file:password.txt\n");

    assertThatThrownBy(
            () ->
                new EthereumTarget()
                    .deploy(n, new RunLayout(dir.resolve("run")), SeededEntropy.of(1), 0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("account-0.json")
        .hasMessageContaining("the password does not open it")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void aPasswordFromAnUnsetVariableIsNamed() throws Exception {
    KeystoreFiles.write(dir.resolve("keys"), 1, PASSWORD);
    Network n =
        manifest("  keystore: keys\n  keystorePassword: env:LEDGERLAB_TEST_NO_SUCH_VARIABLE\n");

    assertThatThrownBy(
            () ->
                new EthereumTarget()
                    .deploy(n, new RunLayout(dir.resolve("run")), SeededEntropy.of(1), 0))
        .hasMessageContaining("LEDGERLAB_TEST_NO_SUCH_VARIABLE is not set");
  }

  @Test
  void aPasswordInTheManifestOrAKeystoreWithoutOneIsRefusedWhereItIs() {
    String base = "name: eth\ntarget: ethereum\nvalidators: 1\n";
    String launch = "launch:\n  command: anvil --port {rpcPort}\n";
    ManifestAsserts.assertRejected(
        "eth.yaml",
        base + "targetOptions:\n  keystore: keys\n  keystorePassword: hunter2\n" + launch,
        "targetOptions.keystorePassword",
        "env:NAME or file:PATH");
    ManifestAsserts.assertRejected(
        "eth.yaml",
        base + "targetOptions:\n  keystore: keys\n" + launch,
        "targetOptions.keystore",
        "a keystorePassword beside it");
    ManifestAsserts.assertRejected(
        "eth.yaml",
        base
            + "accounts: 5\ntargetOptions:\n  keystore: keys\n  keystorePassword: env:P\n"
            + launch,
        "accounts",
        "its files are the accounts");
  }

  private static List<Path> filesUnder(RunLayout run) throws IOException {
    try (Stream<Path> all = Files.walk(run.root())) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
