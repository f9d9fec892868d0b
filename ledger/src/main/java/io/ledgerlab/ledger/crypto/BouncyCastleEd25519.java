package io.ledgerlab.ledger.crypto;

/** Ed25519 from BouncyCastle's RFC 8032 code, called directly without the JCA layer. */
final class BouncyCastleEd25519 implements Ed25519 {
  static final BouncyCastleEd25519 INSTANCE = new BouncyCastleEd25519();

  private BouncyCastleEd25519() {}

  @Override
  public PublicKey publicKey(byte[] seed) {
    byte[] pk = new byte[PublicKey.LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
    return PublicKey.of(pk);
  }

  @Override
  public Signature sign(byte[] seed, PublicKey publicKey, byte[] message) {
    byte[] sig = new byte[Signature.LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
        seed, 0, publicKey.raw(), 0, message, 0, message.length, sig, 0);
    return Signature.of(sig);
  }

  @Override
  public boolean verify(PublicKey publicKey, byte[] message, Signature signature) {
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signature.raw(), 0, publicKey.raw(), 0, message, 0, message.length);
  }
}
