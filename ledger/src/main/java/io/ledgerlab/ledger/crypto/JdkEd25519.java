package io.ledgerlab.ledger.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/** Ed25519 from the JDK's SunEC provider, kept to compare against in benchmarks. */
public final class JdkEd25519 implements Ed25519 {
  public static final JdkEd25519 INSTANCE = new JdkEd25519();

  private JdkEd25519() {}

  @Override
  public PublicKey publicKey(byte[] seed) {
    // The JDK derives public keys only inside KeyPairGenerator; the derivation is the same.
    return BouncyCastleEd25519.INSTANCE.publicKey(seed);
  }

  @Override
  public Signature sign(byte[] seed, PublicKey publicKey, byte[] message) {
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
      signer.initSign(
          factory.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
      signer.update(message);
      return Signature.of(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SunEC Ed25519 signing failed", e);
    }
  }

  @Override
  public boolean verify(PublicKey publicKey, byte[] message, Signature signature) {
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
      verifier.initVerify(factory.generatePublic(toSpec(publicKey.raw())));
      verifier.update(message);
      return verifier.verify(signature.raw());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** RFC 8032 encodes y little-endian with the parity of x in the top bit. */
  private static EdECPublicKeySpec toSpec(byte[] encoded) {
    byte[] be = new byte[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      be[i] = encoded[encoded.length - 1 - i];
    }
    boolean xOdd = (be[0] & 0x80) != 0;
    be[0] &= 0x7f;
    return new EdECPublicKeySpec(
        NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be)));
  }
}
