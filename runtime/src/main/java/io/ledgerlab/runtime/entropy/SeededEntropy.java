package io.ledgerlab.runtime.entropy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/** Deterministic entropy: the same seed and the same stream names give the same values. */
public final class SeededEntropy implements Entropy {
  private final long seed;
  private final SplittableRandom random;

  private SeededEntropy(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  public static SeededEntropy of(long seed) {
    return new SeededEntropy(seed);
  }

  public long seed() {
    return seed;
  }

  @Override
  public long nextLong() {
    return random.nextLong();
  }

  @Override
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  @Override
  public void nextBytes(byte[] out) {
    random.nextBytes(out);
  }

  @Override
  public Entropy fork(String stream) {
    return new SeededEntropy(derive(seed, stream));
  }

  /**
   * Mixes the parent seed and the stream name through SHA-256 so nearby names give unrelated seeds.
   */
  static long derive(long seed, String stream) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      sha.update(stream.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
