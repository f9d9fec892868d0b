package io.ledgerlab.ledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.block.VoteType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedSignaturesTest {
  private static final byte[] MESSAGE = "transfer 5 to bob".getBytes(StandardCharsets.UTF_8);

  /** Seeds no other test uses: the registry is JVM-wide while a registration is open. */
  private static KeyPair key(String name) {
    return KeyPair.fromSeed(
        Sha256.hash(("SimulatedSignaturesTest/" + name).getBytes(StandardCharsets.UTF_8)).bytes());
  }

  private static final KeyPair ALICE = key("alice");
  private static final KeyPair BOB = key("bob");
  private static final KeyPair CAROL = key("carol");

  @Test
  void aRegisteredIdentitySignsWithAMarkedKeyedHashThatVerifies() {
    try (SimulatedSignatures.Registration r = SimulatedSignatures.register(List.of(ALICE, BOB))) {
      Signature sig = ALICE.sign(MESSAGE);
      assertThat(sig.bytes()).hasSize(Signature.LENGTH);
      assertThat(SimulatedSignatures.looksSimulated(sig)).isTrue();
      assertThat(Arrays.copyOfRange(sig.bytes(), 32, 64)).isEqualTo(SimulatedSignatures.MARKER);
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, sig)).isTrue();
      // Deterministic: the same seed and message give the same bytes, as a replay needs.
      assertThat(ALICE.sign(MESSAGE)).isEqualTo(sig);
      // And it is no Ed25519 signature at all.
      assertThat(BouncyCastleEd25519.INSTANCE.verify(ALICE.publicKey(), MESSAGE, sig)).isFalse();
    }
  }

  @Test
  void rejectsASignatureMadeWithAnotherIdentitysKey() {
    try (SimulatedSignatures.Registration r = SimulatedSignatures.register(List.of(ALICE, BOB))) {
      Signature byBob = BOB.sign(MESSAGE);
      assertThat(Ed25519.standard().verify(BOB.publicKey(), MESSAGE, byBob)).isTrue();
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, byBob)).isFalse();
      // Bob's seed presented with Alice's public key still signs as Bob.
      Signature bobAsAlice = Ed25519.standard().sign(BOB.seed(), ALICE.publicKey(), MESSAGE);
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, bobAsAlice)).isFalse();
    }
  }

  @Test
  void rejectsAForgedTagAndAnAlteredMessage() {
    try (SimulatedSignatures.Registration r = SimulatedSignatures.register(List.of(ALICE))) {
      byte[] forged = ALICE.sign(MESSAGE).bytes();
      forged[0] ^= 1;
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, Signature.of(forged)))
          .isFalse();
      byte[] guessed = new byte[Signature.LENGTH];
      System.arraycopy(SimulatedSignatures.MARKER, 0, guessed, 32, 32);
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, Signature.of(guessed)))
          .isFalse();
      byte[] altered = MESSAGE.clone();
      altered[altered.length - 1] ^= 1;
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), altered, ALICE.sign(MESSAGE)))
          .isFalse();
    }
  }

  @Test
  void aVoteSignedByAnotherValidatorOrForAnotherHeightIsRejected() {
    try (SimulatedSignatures.Registration r = SimulatedSignatures.register(List.of(ALICE, BOB))) {
      Hash block = Sha256.hash(MESSAGE);
      Vote alices = Vote.sign("chain", ALICE, VoteType.PRECOMMIT, 7, 0, block);
      assertThat(alices.verify("chain", ALICE.publicKey())).isTrue();
      Vote bobs = Vote.sign("chain", BOB, VoteType.PRECOMMIT, 7, 0, block);
      Vote bobsAsAlices =
          new Vote(VoteType.PRECOMMIT, 7, 0, block, ALICE.address(), bobs.signature());
      assertThat(bobsAsAlices.verify("chain", ALICE.publicKey())).isFalse();
      Vote moved = new Vote(VoteType.PRECOMMIT, 8, 0, block, ALICE.address(), alices.signature());
      assertThat(moved.verify("chain", ALICE.publicKey())).isFalse();
    }
  }

  @Test
  void aRememberedValidSignatureIsStillRejectedForAnotherKeyOrMessage() {
    try (SimulatedSignatures.Registration r = SimulatedSignatures.register(List.of(ALICE, BOB))) {
      Signature sig = ALICE.sign(MESSAGE);
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, sig)).isTrue();
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, sig)).isTrue();
      byte[] altered = MESSAGE.clone();
      altered[0] ^= 1;
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), altered, sig)).isFalse();
      assertThat(Ed25519.standard().verify(BOB.publicKey(), MESSAGE, sig)).isFalse();
    }
  }

  @Test
  void anUnregisteredKeySignsWithEd25519EvenWhileARegistrationIsOpen() {
    try (SimulatedSignatures.Registration r = SimulatedSignatures.register(List.of(ALICE))) {
      Signature sig = CAROL.sign(MESSAGE);
      assertThat(SimulatedSignatures.looksSimulated(sig)).isFalse();
      assertThat(BouncyCastleEd25519.INSTANCE.verify(CAROL.publicKey(), MESSAGE, sig)).isTrue();
      assertThat(Ed25519.standard().verify(CAROL.publicKey(), MESSAGE, sig)).isTrue();
      // A marked signature for a key that is not registered is checked as Ed25519: invalid.
      byte[] marked = new byte[Signature.LENGTH];
      System.arraycopy(SimulatedSignatures.MARKER, 0, marked, 32, 32);
      assertThat(Ed25519.standard().verify(CAROL.publicKey(), MESSAGE, Signature.of(marked)))
          .isFalse();
    }
  }

  @Test
  void aRealSignatureOfARegisteredIdentityStillVerifies() {
    Signature real = ALICE.sign(MESSAGE);
    try (SimulatedSignatures.Registration r = SimulatedSignatures.register(List.of(ALICE))) {
      assertThat(SimulatedSignatures.looksSimulated(real)).isFalse();
      assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, real)).isTrue();
    }
  }

  @Test
  void closingTheLastRegistrationBringsBackEd25519AndRejectsSimulatedSignatures() {
    SimulatedSignatures.Registration first = SimulatedSignatures.register(List.of(ALICE));
    SimulatedSignatures.Registration second = SimulatedSignatures.register(List.of(ALICE));
    Signature simulated = ALICE.sign(MESSAGE);
    first.close();
    first.close();
    assertThat(SimulatedSignatures.registered(ALICE.publicKey())).isTrue();
    assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, simulated)).isTrue();
    second.close();
    assertThat(SimulatedSignatures.registered(ALICE.publicKey())).isFalse();
    assertThat(Ed25519.standard().verify(ALICE.publicKey(), MESSAGE, simulated)).isFalse();
    Signature after = ALICE.sign(MESSAGE);
    assertThat(SimulatedSignatures.looksSimulated(after)).isFalse();
    assertThat(BouncyCastleEd25519.INSTANCE.verify(ALICE.publicKey(), MESSAGE, after)).isTrue();
  }
}
