package io.ledgerlab.ledger.crypto;

/**
 * An implementation of Ed25519 (RFC 8032). Two exist so the choice is made by measurement (see
 * BENCHMARKS.md); {@link #standard()} is the one the chain uses.
 */
public interface Ed25519 {
  /**
   * The provider the chain uses: BouncyCastle, about 7x faster at verifying than SunEC here — or,
   * for the identities a simulation registered, {@link SimulatedSignatures}.
   */
  static Ed25519 standard() {
    return SimulatedSignatures.active() ? SimulatedSignatures.SCHEME : VerificationCache.current();
  }

  /**
   * Remembers verification results of the last {@code entries} (key, message, signature) triples in
   * this JVM. A pure function memoized: results are identical, only faster where many simulated
   * nodes verify the same votes. Off unless the simulator turns it on.
   */
  static void cacheVerifications(int entries) {
    VerificationCache.enable(entries);
  }

  /** The public key of the 32-byte private {@code seed}. */
  PublicKey publicKey(byte[] seed);

  Signature sign(byte[] seed, PublicKey publicKey, byte[] message);

  /** True only for a valid signature; malformed keys and signatures are simply invalid. */
  boolean verify(PublicKey publicKey, byte[] message, Signature signature);
}
