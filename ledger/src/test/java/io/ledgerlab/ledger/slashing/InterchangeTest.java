package io.ledgerlab.ledger.slashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The slashing-protection interchange: its JSON both ways, and every bad input named. */
class InterchangeTest {
  private static final Hash GENESIS = Sha256.hash(new byte[] {'g'});
  private static final Hash BLOCK = Sha256.hash(new byte[] {'b'});
  private static final PublicKey KEY = KeyPair.generate(SeededEntropy.of(1)).publicKey();

  private static String valid() {
    return new Interchange(
            GENESIS,
            List.of(
                new Interchange.Entry(
                    KEY, new SignPosition(12, 3, SignPosition.Step.PRECOMMIT, BLOCK))))
        .toJson();
  }

  @Test
  void itRoundTripsInTheShapeDocumented() throws Exception {
    String json = valid();
    assertThat(json)
        .contains("\"interchange_format_version\" : \"ledgerlab-1\"")
        .contains("\"genesis_validators_root\" : \"0x" + GENESIS.hex() + "\"")
        .contains("\"pubkey\" : \"0x" + KEY.hex() + "\"")
        .contains("\"height\" : \"12\"")
        .contains("\"step\" : \"precommit\"");
    Interchange read = Interchange.parse("h.json", json);
    assertThat(read.genesisHash()).isEqualTo(GENESIS);
    assertThat(read.entry(KEY).orElseThrow().lastSigned())
        .isEqualTo(new SignPosition(12, 3, SignPosition.Step.PRECOMMIT, BLOCK));
  }

  @Test
  void aDiskThatNeverSignedExportsNoEntry() throws Exception {
    Interchange none = SlashingProtection.export(new MemoryDisk(), GENESIS, KEY);
    assertThat(Interchange.parse("h.json", none.toJson()).entries()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"ledgerlab-1\" -> \"5\" | metadata.interchange_format_version: expected 'ledgerlab-1',"
            + " got '5' (EIP-3076's Ethereum format",
        "\"step\" : \"precommit\" -> \"step\" : \"commit\" | data[0].last_signed.step: expected"
            + " propose, prevote or precommit, got 'commit'",
        "\"height\" : \"12\" -> \"height\" : \"-1\" | data[0].last_signed.height: expected a"
            + " decimal number ≥ 0",
        "\"round\" : \"3\" -> \"round\" : \"4294967296\" | data[0].last_signed.round: at most"
            + " 2147483647, got 4294967296",
        "\"height\" : \"12\" -> \"height\" : \"99999999999999999999\" |"
            + " data[0].last_signed.height: expected a decimal number",
        "\"metadata\" -> \"meta\" | meta: unknown field; expected one of [data, metadata]",
        "\"last_signed\" -> \"last_sign\" | data[0].last_sign: unknown field",
        "\"pubkey\" : \"0x -> \"pubkey\" : \"0xff | data[0].pubkey: expected an Ed25519 public key",
        "\"genesis_validators_root\" : \"0x -> \"genesis_validators_root\" : \"0xzz |"
            + " metadata.genesis_validators_root: expected 32 bytes of hex",
      })
  void aBadFieldIsNamed(String change, String expected) {
    String[] parts = change.split(" -> ");
    String json = valid().replace(parts[0], parts[1]);
    assertThat(json).as("the edit applied").isNotEqualTo(valid());
    assertThatThrownBy(() -> Interchange.parse("h.json", json))
        .isInstanceOf(SlashingException.class)
        .hasMessageStartingWith("h.json: ")
        .hasMessageContaining(expected);
  }

  @Test
  void twoEntriesForOneKeyOrNoJsonAreRefused() {
    String entry =
        valid().substring(valid().indexOf("{\n    \"pubkey\""), valid().lastIndexOf("]"));
    String twice = valid().replace(entry, entry.stripTrailing() + ", " + entry);
    assertThatThrownBy(() -> Interchange.parse("h.json", twice))
        .hasMessageContaining("data[1].pubkey: a second entry for " + KEY.hex());
    assertThatThrownBy(() -> Interchange.parse("h.json", "{\"metadata\": "))
        .hasMessageStartingWith("h.json: not JSON at line 1");
    assertThatThrownBy(() -> Interchange.parse("h.json", "{\"metadata\": {}, \"data\": []}"))
        .hasMessageContaining("metadata.interchange_format_version: missing");
  }
}
