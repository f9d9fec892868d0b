package io.ledgerlab.ledger.consensus;

/**
 * Consensus timing. Round timeouts grow linearly with the round ({@code base + round * delta}), so
 * after a partition heals the validators' rounds overlap long enough to decide.
 *
 * @param canary a deliberately broken variant for checking the checkers, or {@link Canary#NONE}
 */
public record ConsensusConfig(
    long timeoutProposeMicros,
    long timeoutVoteMicros,
    long timeoutDeltaMicros,
    long timeoutCommitMicros,
    long retransmitMicros,
    Canary canary) {
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
        broken);
  }

  public ConsensusConfig withTimeoutCommitMicros(long micros) {
    return new ConsensusConfig(
        timeoutProposeMicros,
        timeoutVoteMicros,
        timeoutDeltaMicros,
        micros,
        retransmitMicros,
        canary);
  }
}
