package io.ledgerlab.ledger.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EIP-2335 keystores: the official vectors, our keys both ways, and every way a file goes bad. */
class KeystoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EIP_PASSWORD = "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑";
  private static final String EIP_SECRET =
      "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
  private static final String SECRET_WORD = "correct horse battery staple";

  /** EIP-2335's scrypt test vector, as published. */
  static final String EIP_SCRYPT =
      """
      {
          "crypto": {
              "kdf": {
                  "function": "scrypt",
                  "params": {
                      "dklen": 32,
                      "n": 262144,
                      "p": 1,
                      "r": 8,
                      "salt": "d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3"
                  },
                  "message": ""
              },
              "checksum": {
                  "function": "sha256",
                  "params": {},
                  "message": "d2217fe5f3e9a1e34581ef8a78f7c9928e436d36dacc5e846690a5581e8ea484"
              },
              "cipher": {
                  "function": "aes-128-ctr",
                  "params": {
                      "iv": "264daa3f303d7259501c93d997d84fe6"
                  },
                  "message": "06ae90d55fe0a6e9c5c3bc5b170827b2e5cce3929ed3f116c2811e6366dfe20f"
              }
          },
          "description": "This is a test keystore that uses scrypt to secure the secret.",
          "pubkey": "9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07",
          "path": "m/12381/60/3141592653/589793238",
          "uuid": "1d85ae20-35c5-4611-98e8-aa14a633906f",
          "version": 4
      }
      """;

  /** EIP-2335's PBKDF2 test vector, as published. */
  static final String EIP_PBKDF2 =
      """
      {
          "crypto": {
              "kdf": {
                  "function": "pbkdf2",
                  "params": {
                      "dklen": 32,
                      "c": 262144,
                      "prf": "hmac-sha256",
                      "salt": "d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3"
                  },
                  "message": ""
              },
              "checksum": {
                  "function": "sha256",
                  "params": {},
                  "message": "8a9f5d9912ed7e75ea794bc5a89bca5f193721d30868ade6f73043c6ea6febf1"
              },
              "cipher": {
                  "function": "aes-128-ctr",
                  "params": {
                      "iv": "264daa3f303d7259501c93d997d84fe6"
                  },
                  "message": "cee03fde2af33149775b7223e7845e4fb2c8ae1792e5f99fe9ecf474cc8c16ad"
              }
          },
          "description": "This is a test keystore that uses PBKDF2 to secure the secret.",
          "pubkey": "9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07",
          "path": "m/12381/60/0/0",
          "uuid": "64625def-3331-4eea-ab6f-782f3ed16a83",
          "version": 4
      }
      """;

  private static Password password(String text) {
    return Password.wrap(text.toCharArray());
  }

  private static final KeyPair KEY = KeyPair.generate(SeededEntropy.of(7));
  private static final Label LABEL =
      Label.of("n0-validator", Role.VALIDATOR, "test key")
          .withCreated(Instant.parse("2025-01-31T12:00:00Z"));

  /** Ours, with a cheap KDF so the test is quick. */
  private static String ours() {
    return Keystore.encrypt(
            KEY, password(SECRET_WORD), new Kdf.Pbkdf2(16), LABEL, SeededEntropy.of(1))
        .toJson();
  }

  // ---- The official vectors ---------------------------------------------------------------------

  @Test
  void theEipScryptVectorDecryptsToItsSecret() throws Exception {
    Keystore k = Keystore.parse("eip-2335-scrypt.json", EIP_SCRYPT);
    assertThat(k.kdf()).isEqualTo(new Kdf.Scrypt(262144, 8, 1));
    assertThat(Hex.encode(k.decryptSecret(password(EIP_PASSWORD)))).isEqualTo(EIP_SECRET);
  }

  @Test
  void theEipPbkdf2VectorDecryptsToItsSecret() throws Exception {
    Keystore k = Keystore.parse("eip-2335-pbkdf2.json", EIP_PBKDF2);
    assertThat(k.kdf()).isEqualTo(new Kdf.Pbkdf2(262144));
    assertThat(Hex.encode(k.decryptSecret(password(EIP_PASSWORD)))).isEqualTo(EIP_SECRET);
  }

  @Test
  void theEipVectorRefusesAWrongPasswordByItsChecksum() throws Exception {
    Keystore k = Keystore.parse("eip-2335-pbkdf2.json", EIP_PBKDF2);
    // Without NFKD the password is another one: the checksum must say so.
    assertThatThrownBy(() -> k.decryptSecret(password("testpassword")))
        .isInstanceOf(KeystoreException.class)
        .hasMessageStartingWith("wrong password for keystore eip-2335-pbkdf2.json");
  }

  @Test
  void thePasswordIsNormalisedAsEip2335Says() {
    // The EIP's own encoding of its test password.
    assertThat(Hex.encode(password(EIP_PASSWORD).kdfBytes()))
        .isEqualTo("7465737470617373776f7264f09f9491");
    assertThat(new String(password("pass\nword\u0000\u007f\r\n").kdfBytes()))
        .as("C0 and DEL stripped")
        .isEqualTo("password");
    assertThat(Hex.encode(password("é\u0085").kdfBytes()))
        .as("é decomposed (NFKD), the C1 code U+0085 stripped")
        .isEqualTo("65cc81");
  }

  // ---- Our keys ---------------------------------------------------------------------------------

  @Test
  void aKeyRoundTripsThroughItsJsonWithItsLabel() throws Exception {
    String json = ours();
    JsonNode tree = JSON.readTree(json);
    assertThat(tree.path("version").asInt()).isEqualTo(4);
    assertThat(tree.at("/crypto/kdf/function").asText()).isEqualTo("pbkdf2");
    assertThat(tree.at("/crypto/cipher/function").asText()).isEqualTo("aes-128-ctr");
    assertThat(tree.at("/crypto/checksum/function").asText()).isEqualTo("sha256");
    assertThat(tree.path("pubkey").asText()).isEqualTo(KEY.publicKey().hex());
    assertThat(tree.path("role").asText()).isEqualTo("validator");
    assertThat(tree.path("name").asText()).isEqualTo("n0-validator");
    assertThat(json).doesNotContain(Hex.encode(KEY.seed()));

    Keystore k = Keystore.parse("n0.json", json);
    assertThat(k.name()).hasValue("n0-validator");
    assertThat(k.role()).hasValue(Role.VALIDATOR);
    assertThat(k.created()).hasValue(Instant.parse("2025-01-31T12:00:00Z"));
    assertThat(k.publicKey()).isEqualTo(KEY.publicKey());
    assertThat(k.decrypt(password(SECRET_WORD)).seed()).isEqualTo(KEY.seed());
    assertThat(k.toJson()).isEqualTo(json);
  }

  @Test
  void scryptKeysRoundTripToo() throws Exception {
    Keystore k =
        Keystore.encrypt(
            KEY, password(SECRET_WORD), new Kdf.Scrypt(1 << 10, 8, 1), LABEL, SeededEntropy.of(2));
    Keystore read = Keystore.parse("k.json", k.toJson());
    assertThat(read.kdf()).isEqualTo(new Kdf.Scrypt(1 << 10, 8, 1));
    assertThat(read.decrypt(password(SECRET_WORD)).publicKey()).isEqualTo(KEY.publicKey());
  }

  @Test
  void aWrongPasswordIsNamedAndNeverQuoted() throws Exception {
    Keystore k = Keystore.parse("keys/n0.json", ours());
    String wrong = "hunter2-wrong";
    KeystoreException e = catchKeystore(() -> k.decrypt(password(wrong)));
    assertThat(e.getMessage())
        .startsWith("wrong password for keystore n0-validator (keys/n0.json)")
        .contains("checksum does not match");
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(wrong).doesNotContain(SECRET_WORD);
  }

  @Test
  void reencryptingChangesPasswordSaltAndUuidButNotTheKey() throws Exception {
    Keystore k = Keystore.parse("k.json", ours());
    Keystore moved =
        k.reencrypt(
            password(SECRET_WORD),
            password("another one"),
            new Kdf.Pbkdf2(32),
            LABEL.withName("exported"),
            SeededEntropy.of(3));
    assertThat(moved.uuid()).isNotEqualTo(k.uuid());
    assertThat(moved.name()).hasValue("exported");
    assertThat(moved.decrypt(password("another one")).publicKey()).isEqualTo(KEY.publicKey());
    assertThatThrownBy(() -> moved.decrypt(password(SECRET_WORD)))
        .hasMessageStartingWith("wrong password for keystore exported");
  }

  @Test
  void aSecretOfManySeedsHasNoPubkeyAndIsNotOneKey() throws Exception {
    byte[] two = new byte[64];
    two[0] = 1;
    two[63] = 2;
    Keystore k =
        Keystore.encryptSecret(
            two,
            password(SECRET_WORD),
            new Kdf.Pbkdf2(16),
            Label.of("accounts", Role.CLIENT, "2 accounts"),
            SeededEntropy.of(4));
    Keystore read = Keystore.parse("accounts.json", k.toJson());
    assertThat(read.pubkeyHex()).isEmpty();
    assertThat(read.decryptSecret(password(SECRET_WORD))).isEqualTo(two);
    assertThatThrownBy(() -> read.decrypt(password(SECRET_WORD)))
        .hasMessageContaining("crypto.cipher.message: expected 32 bytes (an Ed25519 seed), got 64");
    assertThatThrownBy(read::publicKey).hasMessageContaining("pubkey: missing");
  }

  @Test
  void aPubkeyThatIsNotTheSeedsIsRefused() throws Exception {
    String json =
        edit(ours(), o -> o.put("pubkey", KeyPair.generate(SeededEntropy.of(9)).publicKey().hex()));
    Keystore k = Keystore.parse("k.json", json);
    assertThatThrownBy(() -> k.decrypt(password(SECRET_WORD)))
        .hasMessageContaining("k.json): pubkey: ")
        .hasMessageContaining("is not the public key of the decrypted seed");
  }

  // ---- Bad files --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/crypto/checksum/message | zz | crypto.checksum.message: expected hex",
        "/crypto/checksum/message | 00ff | crypto.checksum.message: expected 32 bytes, got 2",
        "/crypto/cipher/params/iv | 00112233 | crypto.cipher.params.iv: expected 16 bytes, got 4",
        "/crypto/cipher/message |  | crypto.cipher.message: expected the secret, got none",
        "/crypto/cipher/function | aes-256-gcm | crypto.cipher.function: expected aes-128-ctr",
        "/crypto/checksum/function | sha512 | crypto.checksum.function: expected sha256",
        "/crypto/kdf/function | argon2id | crypto.kdf.function: expected scrypt or pbkdf2",
        "/crypto/kdf/params/prf | hmac-sha512 | crypto.kdf.params.prf: expected hmac-sha256",
        "/crypto/kdf/params/salt |  | crypto.kdf.params.salt: expected 1-1024 bytes, got 0",
        "/crypto/kdf/message | x | crypto.kdf.message: expected an empty string",
        "/uuid | not-a-uuid | uuid: expected a UUID",
        "/role | admin | role: expected one of validator, node, operator, deployer, client, agent",
        "/name | .hidden | name: expected 1-64 letters",
        "/created | yesterday | created: expected a UTC time",
      })
  void aBadFieldIsNamed(String pointer, String value, String expected) {
    String json = edit(ours(), pointer, value == null ? "" : value);
    assertThatThrownBy(() -> Keystore.parse("bad.json", json))
        .isInstanceOf(KeystoreException.class)
        .hasMessageStartingWith("bad.json: ")
        .hasMessageContaining(expected);
  }

  @Test
  void numbersMustBeNumbersAndTheVersionFour() {
    assertBad(
        edit(ours(), o -> o.put("version", 3)), "version: expected 4 (EIP-2335), got number 3");
    assertBad(
        edit(ours(), o -> params(o).put("c", "16")),
        "crypto.kdf.params.c: expected an integer, got string");
    assertBad(
        edit(ours(), o -> params(o).put("dklen", 16)),
        "crypto.kdf.params.dklen: expected 32 (EIP-2335), got 16");
  }

  @Test
  void missingAndUnknownFieldsAreNamed() {
    assertBad(
        edit(ours(), o -> ((ObjectNode) o.get("crypto")).remove("cipher")),
        "crypto.cipher: missing");
    assertBad(edit(ours(), o -> o.remove("uuid")), "uuid: missing");
    assertBad(
        edit(ours(), o -> o.put("passwrd", "x")),
        "passwrd: unknown field; expected one of [created, crypto, description");
    assertBad(
        edit(ours(), o -> params(o).put("iterations", 5)),
        "crypto.kdf.params.iterations: unknown field");
  }

  @Test
  void notJsonOrDuplicatedKeysAreRefusedWithTheirPlace() {
    assertBad("{\"version\": 4,", "not JSON at line 1, column");
    assertBad("{\"version\": 4, \"version\": 4}", "Duplicate field 'version'");
    assertBad("[1, 2]", "the document: expected a JSON object");
  }

  @Test
  void kdfCostsBeyondTheirBoundsAreRefusedBeforeAnyWork() {
    String scrypt =
        Keystore.encrypt(
                KEY,
                password(SECRET_WORD),
                new Kdf.Scrypt(1 << 10, 8, 1),
                LABEL,
                SeededEntropy.of(5))
            .toJson();
    long started = System.nanoTime();
    assertBad(
        edit(scrypt, o -> params(o).put("n", 1 << 30)),
        "crypto.kdf.params.n, r: 128·n·r = 1099511627776 bytes of memory, more than the bound of"
            + " 268435456 (256 MiB)");
    assertBad(
        edit(scrypt, o -> params(o).put("n", 1 << 14).put("p", 1000)),
        "crypto.kdf.params.n, r, p: n·r·p = 131072000, more than the bound of 4194304 (2^22)");
    assertBad(
        edit(scrypt, o -> params(o).put("n", 1000)),
        "crypto.kdf.params.n: expected a power of two ≥ 2, got 1000");
    assertBad(
        edit(ours(), o -> params(o).put("c", 1_000_000_000)),
        "crypto.kdf.params.c: 1000000000 iterations, more than the bound of 2097152 (2^21)");
    assertThat((System.nanoTime() - started) / 1e9).as("seconds to refuse").isLessThan(2);
  }

  @Test
  void aFlippedCipherTextOrChecksumReadsAsAWrongPasswordAndSaysSo() throws Exception {
    JsonNode tree = JSON.readTree(ours());
    String cipher = tree.at("/crypto/cipher/message").asText();
    String flipped = (cipher.charAt(0) == '0' ? "1" : "0") + cipher.substring(1);
    Keystore k = Keystore.parse("k.json", edit(ours(), "/crypto/cipher/message", flipped));
    // A bit flip is indistinguishable from a wrong password: the message names both.
    assertThatThrownBy(() -> k.decrypt(password(SECRET_WORD)))
        .hasMessageStartingWith("wrong password for keystore n0-validator (k.json)")
        .hasMessageContaining("crypto.cipher.message");
  }

  // ---- Passwords --------------------------------------------------------------------------------

  @Test
  void aPasswordNeverShowsItselfAndIsWipedOnClose() {
    char[] chars = SECRET_WORD.toCharArray();
    Password p = Password.wrap(chars);
    assertThat(p.toString()).isEqualTo("Password[hidden]").doesNotContain(SECRET_WORD);
    assertThat(p.sameAs(password(SECRET_WORD))).isTrue();
    assertThat(p.sameAs(password(SECRET_WORD + "!"))).isFalse();
    p.close();
    assertThat(chars).containsOnly('\0');
    assertThatThrownBy(p::chars).hasMessageContaining("wiped");
    assertThat(password("\n\r\u0000").isBlank()).isTrue();
    assertThat(password(" ").isBlank()).isFalse();
  }

  @Test
  void aLabelRefusesANameThatIsNoFileName() {
    assertThatThrownBy(() -> Label.of("../etc", Role.CLIENT, ""))
        .hasMessageContaining("a key name is 1-64 letters");
    assertThat(Label.of("n0.validator", Role.VALIDATOR, "").name()).isEqualTo("n0.validator");
    assertThat(Optional.of(Label.of("a", Role.AGENT, "")).map(Label::role)).hasValue(Role.AGENT);
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private static void assertBad(String json, String expected) {
    assertThatThrownBy(() -> Keystore.parse("bad.json", json))
        .isInstanceOf(KeystoreException.class)
        .hasMessageStartingWith("bad.json: ")
        .hasMessageContaining(expected);
  }

  private static ObjectNode params(ObjectNode root) {
    return (ObjectNode) root.at("/crypto/kdf/params");
  }

  private static String edit(String json, Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(json);
      change.accept(root);
      return root.toPrettyString();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String edit(String json, String pointer, String value) {
    int slash = pointer.lastIndexOf('/');
    String parent = pointer.substring(0, slash);
    String field = pointer.substring(slash + 1);
    return edit(json, o -> ((ObjectNode) (parent.isEmpty() ? o : o.at(parent))).put(field, value));
  }

  private interface Throwing {
    void run() throws Exception;
  }

  private static KeystoreException catchKeystore(Throwing call) {
    try {
      call.run();
    } catch (KeystoreException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a KeystoreException, got " + e, e);
    }
    throw new AssertionError("expected a KeystoreException");
  }
}
