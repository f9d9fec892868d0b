package io.ledgerlab.runtime.entropy;

/**
 * The only randomness node code may use. In the simulated world every stream is derived from one
 * seed, so a run can be replayed bit for bit.
 */
public interface Entropy {
  long nextLong();

  /** A uniformly distributed value in {@code [0, bound)}. */
  int nextInt(int bound);

  void nextBytes(byte[] out);

  /**
   * An independent stream named {@code stream}. Forking the same name from the same parent always
   * gives the same stream, whatever else has been drawn, so adding a consumer does not reshuffle
   * the others.
   */
  Entropy fork(String stream);

  default byte[] bytes(int length) {
    byte[] out = new byte[length];
    nextBytes(out);
    return out;
  }
}
