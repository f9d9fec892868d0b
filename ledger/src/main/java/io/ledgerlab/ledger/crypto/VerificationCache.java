package io.ledgerlab.ledger.crypto;

import java.util.LinkedHashMap;
import java.util.Map;

/** The optional memo of signature verifications behind {@link Ed25519#standard()}. */
final class VerificationCache implements Ed25519 {
  private static volatile Ed25519 current = BouncyCastleEd25519.INSTANCE;

  private final Map<Hash, Boolean> results;

  private VerificationCache(int entries) {
    this.results =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
            return size() > entries;
          }
        };
  }

  static Ed25519 current() {
    return current;
  }

  static synchronized void enable(int entries) {
    current = entries <= 0 ? BouncyCastleEd25519.INSTANCE : new VerificationCache(entries);
  }

  @Override
  public PublicKey publicKey(byte[] seed) {
    return BouncyCastleEd25519.INSTANCE.publicKey(seed);
  }

  @Override
  public Signature sign(byte[] seed, PublicKey publicKey, byte[] message) {
    return BouncyCastleEd25519.INSTANCE.sign(seed, publicKey, message);
  }

  @Override
  public boolean verify(PublicKey publicKey, byte[] message, Signature signature) {
    Hash key = Sha256.hash(publicKey.raw(), message, signature.raw());
    synchronized (results) {
      Boolean known = results.get(key);
      if (known != null) {
        return known;
      }
    }
    boolean ok = BouncyCastleEd25519.INSTANCE.verify(publicKey, message, signature);
    synchronized (results) {
      results.put(key, ok);
    }
    return ok;
  }
}
