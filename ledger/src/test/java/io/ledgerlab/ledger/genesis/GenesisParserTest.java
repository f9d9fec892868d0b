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
