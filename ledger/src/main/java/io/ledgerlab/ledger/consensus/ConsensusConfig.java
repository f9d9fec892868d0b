package io.ledgerlab.ledger.consensus;

/**
 * Consensus timing. Round timeouts grow linearly with the round ({@code base + round * delta}), so
 * after a partition heals the validators' rounds overlap long enough to decide.
 *
 * @param canary a deliberately broken variant for checking the checkers, or {@link Canary#NONE}
 * @param relay whether the node passes on the proposals and votes of its height it has not seen
 *     before, so validators without a direct link still hear each other
 * @param rescueAfterMicros a transaction waiting in the mempool longer than this is gossiped again
 *     (at most once per this long); 0 for never
 */
public record ConsensusConfig(
    long timeoutProposeMicros,
    long timeoutVoteMicros,
    long timeoutDeltaMicros,
    long timeoutCommitMicros,
    long retransmitMicros,
    Canary canary,
    boolean relay,
    long rescueAfterMicros) {
  public static final ConsensusConfig DEFAULT =
      new ConsensusConfig(1_000_000, 500_000, 250_000, 1_000_000, 500_000, Canary.NONE);

  public ConsensusConfig {
    if (timeoutProposeMicros <= 0
        || timeoutVoteMicros <= 0
        || timeoutDeltaMicros < 0
        || timeoutCommitMicros < 0
        || retransmitMicros <= 0) {
      throw new IllegalArgumentException("consensus timeouts must be positive");
    }
    if (rescueAfterMicros < 0) {
      throw new IllegalArgumentException(
          "rescueAfterMicros must be >= 0 (0 for off), got " + rescueAfterMicros);
    }
  }

  /** Without relay and rescue. */
  public ConsensusConfig(
      long timeoutProposeMicros,
      long timeoutVoteMicros,
      long timeoutDeltaMicros,
      long timeoutCommitMicros,
      long retransmitMicros,
      Canary canary) {
    this(
        timeoutProposeMicros,
        timeoutVoteMicros,
        timeoutDeltaMicros,
        timeoutCommitMicros,
        retransmitMicros,
        canary,
        false,
        0);
  }

  long propose(int round) {
    return timeoutProposeMicros + round * timeoutDeltaMicros;
  }

  long vote(int round) {
    return timeoutVoteMicros + round * timeoutDeltaMicros;
  }

  public ConsensusConfig withCanary(Canary broken) {
    return new ConsensusConfig(
        timeoutProposeMicros,
        timeoutVoteMicros,
        timeoutDeltaMicros,
        timeoutCommitMicros,
        retransmitMicros,
        broken,
        relay,
        rescueAfterMicros);
  }

  public ConsensusConfig withTimeoutCommitMicros(long micros) {
    return new ConsensusConfig(
        timeoutProposeMicros,
        timeoutVoteMicros,
        timeoutDeltaMicros,
        micros,
        retransmitMicros,
        canary,
        relay,
        rescueAfterMicros);
  }

  public ConsensusConfig withRelay(boolean on) {
    return new ConsensusConfig(
        timeoutProposeMicros,
        timeoutVoteMicros,
        timeoutDeltaMicros,
        timeoutCommitMicros,
        retransmitMicros,
        canary,
        on,
        rescueAfterMicros);
  }

  public ConsensusConfig withRescueAfterMicros(long micros) {
    return new ConsensusConfig(
        timeoutProposeMicros,
        timeoutVoteMicros,
        timeoutDeltaMicros,
        timeoutCommitMicros,
        retransmitMicros,
        canary,
        relay,
        micros);
  }
}
