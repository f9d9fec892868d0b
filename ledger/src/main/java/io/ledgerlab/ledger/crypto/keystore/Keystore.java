package io.ledgerlab.ledger.crypto.keystore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.runtime.entropy.Entropy;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * An encrypted key in EIP-2335's format (version 4): a KDF (scrypt or PBKDF2-HMAC-SHA256) turns the
 * password into a 32-byte key; its first half is the AES-128-CTR key of the secret, and SHA-256
 * over its second half followed by the ciphertext is the checksum that tells a wrong password. Next
 * to EIP-2335's fields ({@code crypto}, {@code description}, {@code pubkey}, {@code path}, {@code
 * uuid}, {@code version}) it carries Ledgerlab's {@code name}, {@code role} and {@code created}.
 *
 * <p>The secret of a key is its 32-byte Ed25519 seed and {@code pubkey} is its public key in hex; a
 * keystore may also hold another secret (a run's funded accounts, their seeds back to back), then
 * without a {@code pubkey}, as EIP-2335 allows for a secret that is not a private key.
 *
 * <p>Pure code: JSON text in, keys out. Reading files and passwords is the caller's business.
 */
public final class Keystore {
  public static final int VERSION = 4;
  static final int SALT_BYTES = 32;
  static final int IV_BYTES = 16;
  private static final int CHECKSUM_BYTES = 32;

  /** Hex of a secret of up to 64 MB: a run's accounts keystore holds a million 32-byte seeds. */
  private static final int HEX_CHARS_MAX = 128 << 20;

  private static final JsonMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(HEX_CHARS_MAX).build())
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final String source;
  private final Kdf kdf;
  private final byte[] salt;
  private final byte[] checksum;
  private final byte[] iv;
  private final byte[] cipherMessage;
  private final Optional<String> pubkey;
  private final String path;
  private final String uuid;
  private final Optional<String> description;
  private final Optional<String> name;
  private final Optional<Role> role;
  private final Optional<Instant> created;

  /** A keystore of fields a reader (or this class) has checked. */
  Keystore(
      String source,
      Kdf kdf,
      byte[] salt,
      byte[] checksum,
      byte[] iv,
      byte[] cipherMessage,
      Optional<String> pubkey,
      String path,
      String uuid,
      Optional<String> description,
      Optional<String> name,
      Optional<Role> role,
      Optional<Instant> created) {
    this.source = source;
    this.kdf = kdf;
    this.salt = salt;
    this.checksum = checksum;
    this.iv = iv;
    this.cipherMessage = cipherMessage;
    this.pubkey = pubkey;
    this.path = path;
    this.uuid = uuid;
    this.description = description;
    this.name = name;
    this.role = role;
    this.created = created;
  }

  // ---- Making one
  // --------------------------------------------------------------------------------

  /**
   * Encrypts {@code key}'s seed under {@code password}. Salt, IV and UUID are drawn from {@code
   * entropy}, which should be the system's secure source outside tests.
   */
  public static Keystore encrypt(
      KeyPair key, Password password, Kdf kdf, Label label, Entropy entropy) {
    byte[] seed = key.seed();
    try {
      return seal(seed, Optional.of(key.publicKey().hex()), password, kdf, label, entropy);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Encrypts a secret that is not one key (no {@code pubkey}), such as many seeds together. */
  public static Keystore encryptSecret(
      byte[] secret, Password password, Kdf kdf, Label label, Entropy entropy) {
    if (secret.length == 0) {
      throw new IllegalArgumentException("an empty secret");
    }
    return seal(secret, Optional.empty(), password, kdf, label, entropy);
  }

  private static Keystore seal(
      byte[] secret,
      Optional<String> pubkey,
      Password password,
      Kdf kdf,
      Label label,
      Entropy entropy) {
    byte[] salt = entropy.bytes(SALT_BYTES);
    byte[] iv = entropy.bytes(IV_BYTES);
    byte[] key = derive(kdf, password, salt);
    try {
      byte[] cipherMessage = aes128Ctr(key, iv, secret);
      return new Keystore(
          label.name(),
          kdf,
          salt,
          checksum(key, cipherMessage),
          iv,
          cipherMessage,
          pubkey,
          "",
          uuid(entropy.bytes(16)),
          Optional.of(label.description()),
          Optional.of(label.name()),
          Optional.of(label.role()),
          label.created());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * The same key under another password, KDF and label, with a fresh salt, IV and UUID.
   *
   * @throws KeystoreException when {@code password} does not open this keystore
   */
  public Keystore reencrypt(
      Password password, Password newPassword, Kdf newKdf, Label label, Entropy entropy)
      throws KeystoreException {
    if (pubkey.isPresent()) {
      return encrypt(decrypt(password), newPassword, newKdf, label, entropy);
    }
    byte[] secret = decryptSecret(password);
    try {
      return encryptSecret(secret, newPassword, newKdf, label, entropy);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  // ---- Opening one
  // -------------------------------------------------------------------------------

  /**
   * The key this keystore holds.
   *
   * @throws KeystoreException for a wrong password, a secret that is not a 32-byte seed, or a
   *     {@code pubkey} that is not the decrypted key's
   */
  public KeyPair decrypt(Password password) throws KeystoreException {
    if (cipherMessage.length != 32) {
      throw new KeystoreException(
          where()
              + ": crypto.cipher.message: expected 32 bytes (an Ed25519 seed), got "
              + cipherMessage.length);
    }
    byte[] seed = decryptSecret(password);
    KeyPair key;
    try {
      key = KeyPair.fromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
    if (pubkey.isPresent() && !pubkey.get().equalsIgnoreCase(key.publicKey().hex())) {
      throw new KeystoreException(
          where()
              + ": pubkey: "
              + pubkey.get()
              + " is not the public key of the decrypted seed ("
              + key.publicKey().hex()
              + "); the file was altered, or it does not hold an Ed25519 key");
    }
    return key;
  }

  /**
   * The secret, whatever it is; the caller wipes it.
   *
   * @throws KeystoreException for a wrong password (the checksum does not match)
   */
  public byte[] decryptSecret(Password password) throws KeystoreException {
    byte[] key = derive(kdf, password, salt);
    try {
      if (!MessageDigest.isEqual(checksum(key, cipherMessage), checksum)) {
        throw new KeystoreException(
            "wrong password for keystore "
                + where()
                + ": the checksum does not match (or crypto.checksum, crypto.cipher.message or"
                + " crypto.kdf.params were altered)");
      }
      return aes128Ctr(key, iv, cipherMessage);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] derive(Kdf kdf, Password password, byte[] salt) {
    byte[] bytes = password.kdfBytes();
    try {
      return kdf.derive(bytes, salt);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] checksum(byte[] key, byte[] cipherMessage) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(key, 16, 16);
      return sha.digest(cipherMessage);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * AES-128 in counter mode with BouncyCastle's engine: the JDK's Cipher costs a node a tenth of a
   * second of provider start-up on its first use, BouncyCastle's a few milliseconds.
   */
  private static byte[] aes128Ctr(byte[] key, byte[] iv, byte[] input) {
    CTRModeCipher aes = SICBlockCipher.newInstance(AESEngine.newInstance());
    aes.init(true, new ParametersWithIV(new KeyParameter(key, 0, 16), iv));
    byte[] out = new byte[input.length];
    aes.processBytes(input, 0, input.length, out, 0);
    return out;
  }

  /** A version-4 (random) UUID from 16 random bytes. */
  private static String uuid(byte[] random) {
    ByteBuffer b = ByteBuffer.wrap(random);
    long msb = (b.getLong() & ~0xF000L) | 0x4000L;
    long lsb = (b.getLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  // ---- What it says without a password ----------------------------------------------------------

  public Optional<String> name() {
    return name;
  }

  public Optional<Role> role() {
    return role;
  }

  public Optional<Instant> created() {
    return created;
  }

  public Optional<String> description() {
    return description;
  }

  public String uuid() {
    return uuid;
  }

  public String path() {
    return path;
  }

  public Kdf kdf() {
    return kdf;
  }

  /** The {@code pubkey} field as written (hex), if any. */
  public Optional<String> pubkeyHex() {
    return pubkey;
  }

  /**
   * The Ed25519 public key the {@code pubkey} field names; readable without the password.
   *
   * @throws KeystoreException when there is none, or it is not 32 bytes of hex
   */
  public PublicKey publicKey() throws KeystoreException {
    if (pubkey.isEmpty()) {
      throw new KeystoreException(where() + ": pubkey: missing; this keystore holds no single key");
    }
    try {
      return PublicKey.fromHex(pubkey.get());
    } catch (IllegalArgumentException e) {
      throw new KeystoreException(
          where()
              + ": pubkey: expected an Ed25519 public key (64 hex characters): "
              + e.getMessage());
    }
  }

  /** How messages name this keystore: its name and where it came from. */
  public String where() {
    return name.filter(n -> !n.equals(source)).map(n -> n + " (" + source + ")").orElse(source);
  }

  /** The same keystore, named in messages by {@code source} (such as its file). */
  public Keystore from(String newSource) {
    return new Keystore(
        newSource,
        kdf,
        salt,
        checksum,
        iv,
        cipherMessage,
        pubkey,
        path,
        uuid,
        description,
        name,
        role,
        created);
  }

  @Override
  public String toString() {
    return "Keystore[" + where() + ", " + role.map(Role::key).orElse("no role") + "]";
  }

  // ---- JSON
  // --------------------------------------------------------------------------------------

  /** The keystore file's text: EIP-2335's layout, then Ledgerlab's fields. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode crypto = root.putObject("crypto");
    ObjectNode kdfNode = crypto.putObject("kdf");
    kdfNode.put("function", kdf.function());
    ObjectNode params = kdfNode.putObject("params");
    params.put("dklen", Kdf.DERIVED_KEY_BYTES);
    if (kdf instanceof Kdf.Scrypt s) {
      params.put("n", s.n()).put("p", s.p()).put("r", s.r());
    } else if (kdf instanceof Kdf.Pbkdf2 p) {
      params.put("c", p.c()).put("prf", "hmac-sha256");
    }
    params.put("salt", Hex.encode(salt));
    kdfNode.put("message", "");
    ObjectNode check = crypto.putObject("checksum");
    check.put("function", "sha256");
    check.putObject("params");
    check.put("message", Hex.encode(checksum));
    ObjectNode cipher = crypto.putObject("cipher");
    cipher.put("function", "aes-128-ctr");
    cipher.putObject("params").put("iv", Hex.encode(iv));
    cipher.put("message", Hex.encode(cipherMessage));
    description.ifPresent(d -> root.put("description", d));
    pubkey.ifPresent(k -> root.put("pubkey", k));
    root.put("path", path);
    root.put("uuid", uuid);
    root.put("version", VERSION);
    name.ifPresent(n -> root.put("name", n));
    role.ifPresent(r -> root.put("role", r.key()));
    created.ifPresent(c -> root.put("created", c.toString()));
    return root.toPrettyString() + "\n";
  }

  /**
   * Reads a keystore's text strictly: every field EIP-2335 requires, no field it does not know, KDF
   * costs within their bounds.
   *
   * @param source how messages name the text, such as its file
   * @throws KeystoreException naming the source and the field at fault
   */
  public static Keystore parse(String source, String json) throws KeystoreException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new KeystoreException(
          source
              + ": not JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
    return new KeystoreReader(source).keystore(root);
  }

  static int checksumBytes() {
    return CHECKSUM_BYTES;
  }
}
