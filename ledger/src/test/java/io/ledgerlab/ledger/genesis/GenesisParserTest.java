package io.ledgerlab.ledger.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenesisParserTest {
  private static final String KEY = KeyPair.generate(SeededEntropy.of(1)).publicKey().hex();
  private static final String ACCOUNT = KeyPair.generate(SeededEntropy.of(2)).address().hex();

  private static final String VALID =
      """
      chainId: dev-1
      genesisTime: 2026-01-01T00:00:00Z
      validators:
        - name: n0
          publicKey: %s
          power: 10
      accounts:
        - address: %s
          balance: 500
      chainCodes:
        - name: token
          version: 1
        - name: kv
      upgrades:
        - chainCode: kv
          version: 2
          height: 100
      params:
        txBytesMax: 4096
      """
          .formatted(KEY, ACCOUNT);

  private final GenesisParser parser = new GenesisParser();

  @Test
  void parsesEveryField() throws Exception {
    Genesis g = parser.parse("genesis.yaml", VALID);
    assertThat(g.chainId()).isEqualTo("dev-1");
    assertThat(g.genesisTimeMicros()).isEqualTo(1_767_225_600_000_000L);
    assertThat(g.validators()).singleElement().satisfies(v -> assertThat(v.power()).isEqualTo(10));
    assertThat(g.totalSupply()).isEqualTo(500);
    assertThat(g.chainCodes()).containsEntry("kv", 1).containsEntry("token", 1);
    assertThat(g.upgrades()).containsExactly(new Genesis.ScheduledUpgrade("kv", 2, 100));
    assertThat(g.params().txBytesMax()).isEqualTo(4096);
    assertThat(parser.parse("again.yaml", VALID).hash()).isEqualTo(g.hash());
  }

  @Test
  void writtenGenesisReadsBackToTheSameHash() throws Exception {
    Genesis g = parser.parse("genesis.yaml", VALID);
    String written = GenesisWriter.yaml(g);
    Genesis again = parser.parse("written.yaml", written);
    assertThat(again).isEqualTo(g);
    assertThat(again.hash()).isEqualTo(g.hash());
  }

  private static final String SHA = "ab".repeat(32);

  private static final String WITH_JARS =
      VALID
          .replace(
              "  - name: kv\n",
              "  - name: kv\n  - name: auction\n    jar: chaincode/auction-1.jar\n    sha256: "
                  + SHA
                  + "\n")
          .replace(
              "    height: 100\n",
              "    height: 100\n  - chainCode: auction\n    version: 2\n    height: 50\n"
                  + "    jar: chaincode/auction-2.jar\n    sha256: "
                  + "cd".repeat(32)
                  + "\n");

  @Test
  void userChainCodeJarsAreReadWrittenAndHashed() throws Exception {
    Genesis g = parser.parse("genesis.yaml", WITH_JARS);
    assertThat(g.jars())
        .containsExactly(
            new Genesis.CodeJar("auction", 1, "chaincode/auction-1.jar", SHA),
            new Genesis.CodeJar("auction", 2, "chaincode/auction-2.jar", "cd".repeat(32)));
    assertThat(g.chainCodes()).containsEntry("auction", 1);
    Genesis again = parser.parse("written.yaml", GenesisWriter.yaml(g));
    assertThat(again).isEqualTo(g);
    assertThat(g.hash()).isNotEqualTo(parser.parse("g.yaml", VALID).hash());
    Genesis otherCode = parser.parse("g.yaml", WITH_JARS.replace(SHA, "ef".repeat(32)));
    assertThat(otherCode.hash())
        .as("the code's hash is part of the genesis")
        .isNotEqualTo(g.hash());
    Genesis otherPath = parser.parse("g.yaml", WITH_JARS.replace("auction-1.jar", "a.jar"));
    assertThat(otherPath.hash()).as("where a node keeps the jar is not").isEqualTo(g.hash());
  }

  @Test
  void aJarWithoutItsHashIsRefusedWithItsPlace() {
    assertThatThrownBy(
            () -> parser.parse("genesis.yaml", WITH_JARS.replace("    sha256: " + SHA + "\n", "")))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("genesis.yaml:")
        .hasMessageContaining("chainCodes.2.sha256")
        .hasMessageContaining("64 lower-case hex digits");
    assertThatThrownBy(
            () ->
                parser.parse(
                    "genesis.yaml",
                    VALID.replace("  - name: kv\n", "  - name: kv\n    sha256: " + SHA + "\n")))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("sha256 belongs to a jar");
  }

  @Test
  void aJarForABuiltInOrASecondJarOfOneVersionIsRefusedWithItsPlace() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    "genesis.yaml",
                    VALID.replace(
                        "  - name: kv\n",
                        "  - name: kv\n    jar: kv.jar\n    sha256: " + SHA + "\n")))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("chainCodes.1.jar")
        .hasMessageContaining("no jar for the built-in 'kv'");
    String twice =
        WITH_JARS.replace(
            "  - chainCode: auction\n    version: 2\n",
            "  - chainCode: auction\n    version: 2\n    height: 60\n    jar: a2.jar\n    sha256: "
                + SHA
                + "\n  - chainCode: auction\n    version: 2\n");
    assertThatThrownBy(() -> parser.parse("genesis.yaml", twice))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("one jar per chain-code version");
  }

  @Test
  void jsonIsAcceptedToo() throws Exception {
    String json =
        "{\"chainId\":\"j\",\"validators\":[{\"name\":\"a\",\"publicKey\":\"" + KEY + "\"}]}";
    Genesis g = parser.parse("genesis.json", json);
    assertThat(g.validators().get(0).power()).isEqualTo(1);
    assertThat(g.chainCodes()).containsOnlyKeys("kv", "token");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown key     | '    power: 10'         | '    powr: 10'         | genesis.yaml:6:5  | powr",
        "bad public key  | 'publicKey: %KEY%'      | 'publicKey: xyz'      | genesis.yaml:5:5  | validators.0.publicKey: expected 64 hex characters",
        "zero power      | 'power: 10'             | 'power: 0'            | genesis.yaml:6:5  | validators.0.power",
        "bad time        | '2026-01-01T00:00:00Z'  | 'yesterday'           | genesis.yaml:2:1  | genesisTime: expected an ISO-8601",
        "negative supply | 'balance: 500'          | 'balance: -1'         | genesis.yaml:9:5  | accounts.0.balance",
        "wrong type      | 'balance: 500'          | 'balance: lots'       | genesis.yaml:9:5  | accounts.0.balance",
        "upgrade down    | '    version: 2'        | '    version: 1'      | genesis.yaml:16:5 | upgrades.0.version",
        "bad chain id    | 'chainId: dev-1'        | 'chainId: \"a b\"'    | genesis.yaml:1:1  | chainId",
      })
  void errorsNameTheLineColumnAndKey(
      String what, String from, String to, String where, String key) {
    String broken = VALID.replace(from.replace("%KEY%", KEY), to);
    assertThat(broken).as("the edit applies").isNotEqualTo(VALID);
    assertThatThrownBy(() -> parser.parse("genesis.yaml", broken))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith(where)
        .hasMessageContaining(key);
  }

  @Test
  void missingRequiredKeyIsNamed() {
    assertThatThrownBy(() -> parser.parse("g.yaml", "chainId: x\n"))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("validators");
  }

  @Test
  void syntaxErrorsCarryTheirLocation() {
    assertThatThrownBy(() -> parser.parse("g.yaml", "chainId: [unclosed\n"))
        .isInstanceOf(GenesisException.class)
        .hasMessageStartingWith("g.yaml:");
  }
}
