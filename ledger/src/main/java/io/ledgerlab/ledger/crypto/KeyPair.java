package io.ledgerlab.ledger.crypto;

import io.ledgerlab.runtime.entropy.Entropy;

/** An Ed25519 signing key (its 32-byte seed) and the public key it belongs to. */
public final class KeyPair {
  private final byte[] seed;
  private final PublicKey publicKey;

  private KeyPair(byte[] seed, PublicKey publicKey) {
    this.seed = seed;
    this.publicKey = publicKey;
  }

  public static KeyPair fromSeed(byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
    }
    byte[] copy = seed.clone();
    return new KeyPair(copy, Ed25519.standard().publicKey(copy));
  }

  /** A new key drawn from {@code entropy}: deterministic under a seeded entropy. */
  public static KeyPair generate(Entropy entropy) {
    return fromSeed(entropy.bytes(32));
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public Address address() {
    return publicKey.address();
  }

  public Signature sign(byte[] message) {
    return Ed25519.standard().sign(seed, publicKey, message);
  }

  /** The private seed; for key stores only. */
  public byte[] seed() {
    return seed.clone();
  }

  @Override
  public String toString() {
    return "KeyPair[" + publicKey.hex() + "]";
  }
}
