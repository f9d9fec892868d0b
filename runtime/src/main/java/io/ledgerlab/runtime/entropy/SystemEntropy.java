package io.ledgerlab.runtime.entropy;

import java.security.SecureRandom;

/** Entropy of the real world: the operating system's secure random source. */
public final class SystemEntropy implements Entropy {
  private final SecureRandom random = new SecureRandom();

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
    return new SystemEntropy();
  }
}
