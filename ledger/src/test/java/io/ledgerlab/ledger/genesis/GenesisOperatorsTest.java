package io.ledgerlab.ledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The genesis operator set: parsed, validated with its place in the file, written, hashed. */
class GenesisOperatorsTest {
  private static final String VALIDATOR = KeyPair.generate(SeededEntropy.of(1)).publicKey().hex();
  private static final String OP_A = KeyPair.generate(SeededEntropy.of(11)).publicKey().hex();
  private static final String OP_B = KeyPair.generate(SeededEntropy.of(12)).publicKey().hex();
  private static final String OP_C = KeyPair.generate(SeededEntropy.of(13)).publicKey().hex();

  private static final String BASE =
      """
      chainId: gov-1
      validators:
        - name: n0
          publicKey: %s
      """
          .formatted(VALIDATOR);

  private static String withOperators(int threshold, String... keys) {
    StringBuilder out = new StringBuilder(BASE).append("operators:\n");
    out.append("  threshold: ").append(threshold).append('\n').append("  keys:\n");
    for (int i = 0; i < keys.length; i++) {
      out.append("    - name: op").append(i).append('\n');
      out.append("      publicKey: ").append(keys[i]).append('\n');
    }
    return out.toString();
  }

  private final GenesisParser parser = new GenesisParser();

  @Test
  void operatorsAreReadWrittenBackAndHashed() throws Exception {
    Genesis g = parser.parse("g.yaml", withOperators(2, OP_A, OP_B, OP_C));
    assertThat(g.operators().threshold()).isEqualTo(2);
    assertThat(g.operators().keys())
        .extracting(Genesis.Operator::name)
        .containsExactly("op0", "op1", "op2");
    assertThat(g.operators().keys().get(1).publicKey().hex()).isEqualTo(OP_B);
    Genesis again = parser.parse("written.yaml", GenesisWriter.yaml(g));
    assertThat(again).isEqualTo(g);
    assertThat(again.hash()).isEqualTo(g.hash());

    Genesis none = parser.parse("g.yaml", BASE);
    assertThat(none.operators()).isEqualTo(Genesis.Operators.NONE);
    assertThat(GenesisWriter.yaml(none)).doesNotContain("operators");
    assertThat(g.hash()).as("operators are part of the genesis").isNotEqualTo(none.hash());
    Genesis otherThreshold = parser.parse("g.yaml", withOperators(3, OP_A, OP_B, OP_C));
    assertThat(otherThreshold.hash()).isNotEqualTo(g.hash());
    Genesis otherKey = parser.parse("g.yaml", withOperators(2, OP_A, OP_B, VALIDATOR));
    assertThat(otherKey.hash()).isNotEqualTo(g.hash());
  }

  /**
   * Chains written before operators existed keep their genesis hash (and so their block 1): these
   * are the hashes of a chain of built-ins and of one with a user jar, without operators.
   */
  @Test
  void theHashOfAChainWithoutOperatorsIsUnchanged() throws Exception {
    Genesis plain = parser.parse("g.yaml", BASE);
    Genesis withJar =
        parser.parse(
            "g.yaml",
            BASE
                + "chainCodes:\n  - name: token\n  - name: kv\n  - name: app\n"
                + "    jar: app.jar\n    sha256: "
                + "ab".repeat(32)
                + "\n");
    assertThat(plain.hash().hex()).isEqualTo(PLAIN_HASH);
    assertThat(withJar.hash().hex()).isEqualTo(WITH_JAR_HASH);
    // And one with jars and operators is told apart from one with the same jars and none.
    Genesis jarAndOperators =
        new Genesis(
            withJar.chainId(),
            withJar.genesisTimeMicros(),
            withJar.validators(),
            withJar.balances(),
            withJar.chainCodes(),
            withJar.upgrades(),
            withJar.params(),
            withJar.jars(),
            parser.parse("o.yaml", withOperators(1, OP_A)).operators());
    assertThat(jarAndOperators.hash()).isNotEqualTo(withJar.hash());
  }

  static final String PLAIN_HASH =
      "0d3251a41a1b87142aab36e305ce84f07b8bd953b4e9d5356dcd01f4e3e3285a";
  static final String WITH_JAR_HASH =
      "6886b5a2cf66bcec165f4ae9ed46d38a6ebea2ef32859bfdd21d917875e4f917";

  @ParameterizedTest
  @ValueSource(ints = {0, 4, -1})
  void aThresholdOutsideOneToNIsRefusedWithItsPlace(int threshold) {
    assertThatThrownBy(() -> parser.parse("g.yaml", withOperators(threshold, OP_A, OP_B, OP_C)))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("g.yaml:6:")
        .hasMessageContaining("operators.threshold")
        .hasMessageContaining(
            "expected a threshold in [1, 3] (M of N operators), got " + threshold);
  }

  @Test
  void aDuplicateKeyOrNameIsRefusedWithItsPlace() {
    assertThatThrownBy(() -> parser.parse("g.yaml", withOperators(1, OP_A, OP_B, OP_A)))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("g.yaml:13:")
        .hasMessageContaining("operators.keys.2.publicKey")
        .hasMessageContaining("duplicate operator key");
    String sameName = withOperators(1, OP_A, OP_B).replace("name: op1", "name: op0");
    assertThatThrownBy(() -> parser.parse("g.yaml", sameName))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("operators.keys.1.name")
        .hasMessageContaining("duplicate operator name 'op0'");
  }

  @Test
  void anEmptyOrMalformedOperatorSetIsRefusedWithItsPlace() {
    assertThatThrownBy(
            () -> parser.parse("g.yaml", BASE + "operators:\n  threshold: 1\n  keys: []\n"))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("operators.keys")
        .hasMessageContaining("at least one operator");
    assertThatThrownBy(() -> parser.parse("g.yaml", withOperators(1, "12ab")))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("operators.keys.0.publicKey")
        .hasMessageContaining("64 hex characters");
    assertThatThrownBy(
            () -> parser.parse("g.yaml", withOperators(1, OP_A).replace("  keys:", "  keyz:")))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("unknown key 'keyz'");
    assertThatThrownBy(
            () ->
                parser.parse(
                    "g.yaml",
                    BASE + "operators:\n  keys:\n    - name: a\n      publicKey: " + OP_A + "\n"))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("threshold");
  }

  @Test
  void theBuilderMakesTheSameOperatorSet() throws Exception {
    Genesis parsed = parser.parse("g.yaml", withOperators(2, OP_A, OP_B));
    Genesis built =
        GenesisBuilder.chain("gov-1")
            .validator("n0", parsed.validators().get(0).publicKey(), 1)
            .operator("op0", parsed.operators().keys().get(0).publicKey())
            .operator("op1", parsed.operators().keys().get(1).publicKey())
            .operatorThreshold(2)
            .build();
    assertThat(built.operators()).isEqualTo(parsed.operators());
    assertThatThrownBy(
            () ->
                GenesisBuilder.chain("x")
                    .validator("n0", parsed.validators().get(0).publicKey(), 1)
                    .operator("op0", parsed.operators().keys().get(0).publicKey())
                    .operatorThreshold(2)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold must be in [1, 1]");
  }
}
