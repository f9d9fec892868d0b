package io.ledgerlab.ledger.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's signature scheme, for a run that asks for it ({@code simulation: {signatures:
 * simulated}}): a keyed hash instead of Ed25519, about a hundred times cheaper to make and check,
 * and still unforgeable by whoever lacks the signer's seed.
 *
 * <p>A simulated signature is 64 bytes, as an Ed25519 one, so every codec and size limit stays: the
 * first 32 are HMAC-SHA256 of the message under a secret derived from the signer's 32-byte seed,
 * the last 32 are {@link #MARKER}, so a simulated signature in a block or a log is recognisable as
 * one. Public keys stay the Ed25519 keys of the same seeds, so addresses, the genesis and the state
 * roots do not change with the scheme.
 *
 * <p>Only registered identities use it: {@link #register} puts the run's keys (validators, node
 * keys, accounts, operators) in a JVM-wide registry by public key, for as long as the returned
 * {@link Registration} is open. Signing with a registered key makes a simulated signature; checking
 * one against a registered key recomputes the HMAC with that identity's secret, so a signature made
 * with another identity's seed, a forged tag or an altered message is rejected. Every other key,
 * and any signature without the marker, goes to real Ed25519: the scheme adds an accepted form for
 * the run's own identities and takes none away.
 */
public final class SimulatedSignatures {
  /** The second half of every simulated signature: 32 ASCII bytes. */
  public static final byte[] MARKER =
      "ledgerlab-simulated-signature-01".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] SECRET_DOMAIN =
      "ledgerlab simulated signing secret".getBytes(StandardCharsets.US_ASCII);

  private static final int TAG_LENGTH = 32;
  private static final int BLOCK_LENGTH = 64;

  /** Public key → the identity's secret, with how many open registrations hold it. */
  private static final Map<PublicKey, Identity> REGISTRY = new ConcurrentHashMap<>();

  /** How many registrations are open: none means every call goes straight to Ed25519. */
  private static final AtomicInteger OPEN = new AtomicInteger();

  /** The scheme behind {@link Ed25519#standard()} while any registration is open. */
  static final Ed25519 SCHEME = new Scheme();

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(SimulatedSignatures::sha256);

  private SimulatedSignatures() {}

  /** An identity's secret; {@code holders} counts the registrations that hold it. */
  private record Identity(byte[] secret, AtomicInteger holders) {}

  /** A registration of identities; closing it forgets them (once no other registration holds). */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Makes {@code identities} sign and verify with the simulated scheme until the registration is
   * closed. Registrations may overlap; an identity stays registered while any holds it.
   */
  public static Registration register(Collection<KeyPair> identities) {
    PublicKey[] keys = new PublicKey[identities.size()];
    int i = 0;
    for (KeyPair k : identities) {
      byte[] seed = k.seed();
      byte[] secret = secret(seed);
      Arrays.fill(seed, (byte) 0);
      keys[i++] = k.publicKey();
      REGISTRY
          .computeIfAbsent(k.publicKey(), pk -> new Identity(secret, new AtomicInteger()))
          .holders()
          .incrementAndGet();
    }
    OPEN.incrementAndGet();
    boolean[] closed = {false};
    return () -> {
      synchronized (closed) {
        if (closed[0]) {
          return;
        }
        closed[0] = true;
      }
      for (PublicKey pk : keys) {
        REGISTRY.computeIfPresent(pk, (key, id) -> id.holders().decrementAndGet() == 0 ? null : id);
      }
      OPEN.decrementAndGet();
    };
  }

  /** Whether {@code publicKey} signs and verifies with the simulated scheme now. */
  public static boolean registered(PublicKey publicKey) {
    return REGISTRY.containsKey(publicKey);
  }

  /** Whether {@code signature} has the form of a simulated one (its tag may still be wrong). */
  public static boolean looksSimulated(Signature signature) {
    byte[] raw = signature.raw();
    return Arrays.equals(raw, TAG_LENGTH, Signature.LENGTH, MARKER, 0, MARKER.length);
  }

  static boolean active() {
    return OPEN.get() > 0;
  }

  /** The HMAC key of the identity with this seed: a hash, so the seed itself never leaves. */
  private static byte[] secret(byte[] seed) {
    MessageDigest sha = DIGEST.get();
    sha.update(SECRET_DOMAIN);
    sha.update(seed);
    return sha.digest();
  }

  /** HMAC-SHA256 (RFC 2104) of {@code message} under a 32-byte {@code key}. */
  private static byte[] hmac(byte[] key, byte[] message) {
    MessageDigest sha = DIGEST.get();
    byte[] pad = new byte[BLOCK_LENGTH];
    for (int i = 0; i < BLOCK_LENGTH; i++) {
      pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
    }
    sha.update(pad);
    sha.update(message);
    byte[] inner = sha.digest();
    for (int i = 0; i < BLOCK_LENGTH; i++) {
      pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
    }
    sha.update(pad);
    sha.update(inner);
    return sha.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** A signature found valid: for whom and over what. */
  private record Verified(PublicKey publicKey, byte[] message) {}

  /**
   * Simulated for registered keys, Ed25519 (through the memo, if on) for every other. Valid
   * simulated signatures are remembered by their bytes: in the simulator every vote reaches every
   * other validator, and comparing the key and the message again is far cheaper than an HMAC.
   */
  private static final class Scheme implements Ed25519 {
    private static final int REMEMBERED_MAX = 1 << 16;

    private final Map<Signature, Verified> valid =
        new java.util.LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Signature, Verified> eldest) {
            return size() > REMEMBERED_MAX;
          }
        };

    @Override
    public PublicKey publicKey(byte[] seed) {
      return VerificationCache.current().publicKey(seed);
    }

    @Override
    public Signature sign(byte[] seed, PublicKey publicKey, byte[] message) {
      if (!REGISTRY.containsKey(publicKey)) {
        return VerificationCache.current().sign(seed, publicKey, message);
      }
      // The secret comes from the seed given, never from the registry: a caller holding another
      // seed signs as that seed's identity, and the registered key's check rejects it.
      byte[] out = new byte[Signature.LENGTH];
      System.arraycopy(hmac(secret(seed), message), 0, out, 0, TAG_LENGTH);
      System.arraycopy(MARKER, 0, out, TAG_LENGTH, MARKER.length);
      return Signature.of(out);
    }

    @Override
    public boolean verify(PublicKey publicKey, byte[] message, Signature signature) {
      Identity id = REGISTRY.get(publicKey);
      if (id == null || !looksSimulated(signature)) {
        return VerificationCache.current().verify(publicKey, message, signature);
      }
      synchronized (valid) {
        Verified known = valid.get(signature);
        if (known != null
            && known.publicKey().equals(publicKey)
            && Arrays.equals(known.message(), message)) {
          return true;
        }
      }
      byte[] expected = hmac(id.secret(), message);
      boolean ok =
          MessageDigest.isEqual(expected, Arrays.copyOfRange(signature.raw(), 0, TAG_LENGTH));
      if (ok) {
        synchronized (valid) {
          valid.put(signature, new Verified(publicKey, message.clone()));
        }
      }
      return ok;
    }
  }
}
