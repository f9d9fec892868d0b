package io.ledgerlab.lab.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.lab.target.reference.RunKeys;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab generates the operators' keys, keeps them as keystores with the operator role, names them
 * in the genesis, and finds them again.
 */
class OperatorKeysTest {
  @TempDir Path dir;

  @Test
  void deployPutsTheOperatorsInTheGenesisAndLoadReadsTheirKeysBack() throws Exception {
    Network network =
        ManifestParser.parse("m.yaml", "name: ops\noperators: {count: 3, threshold: 2}\n");
    RunLayout run = new RunLayout(dir.resolve("run"));
    ReferenceChain chain = new ReferenceTarget().deploy(network, run, SeededEntropy.of(5), 0);
    Genesis.Operators ops = chain.genesis().operators();
    assertThat(ops.threshold()).isEqualTo(2);
    assertThat(ops.keys()).extracting(Genesis.Operator::name).containsExactly("op0", "op1", "op2");
    for (int i = 0; i < 3; i++) {
      Keystore stored = KeystoreFiles.read(run.operatorKey(i));
      assertThat(stored.role()).as("an operator keystore").contains(Role.OPERATOR);
      try (RunKeys keys = RunKeys.open(run)) {
        assertThat(keys.read(run.operatorKey(i)).publicKey())
            .isEqualTo(ops.keys().get(i).publicKey());
      }
      assertThat(chain.operator(i).publicKey()).isEqualTo(ops.keys().get(i).publicKey());
    }
    assertThat(chain.governance()).hasValueSatisfying(g -> assertThat(g.operators()).isEqualTo(3));

    ReferenceChain loaded = new ReferenceTarget().load(run);
    assertThat(loaded.genesis()).isEqualTo(chain.genesis());
    assertThat(loaded.operator(2).publicKey()).isEqualTo(chain.operator(2).publicKey());
    assertThat(loaded.governance()).hasValueSatisfying(g -> assertThat(g.threshold()).isEqualTo(2));
  }

  @Test
  void aNetworkWithoutOperatorsHasNoGovernance() throws Exception {
    Network network = ManifestParser.parse("m.yaml", "name: plain\n");
    ReferenceChain chain =
        new ReferenceTarget()
            .deploy(network, new RunLayout(dir.resolve("r")), SeededEntropy.of(5), 0);
    assertThat(chain.genesis().operators()).isEqualTo(Genesis.Operators.NONE);
    assertThat(chain.governance()).isEmpty();
  }
}
