package io.ledgerlab.lab.engine;

import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.runtime.log.EventLog;

/**
 * What an engine is asked to start: a network, the chain deployed for it, the run directory, and
 * the run's seed (the simulator derives its whole world from it).
 *
 * @param labLog the lab's own structured log, in the run's {@code logs/} directory
 * @param signatures how the run's identities sign; only an engine whose capabilities say so takes
 *     {@link SignatureScheme#SIMULATED}
 */
public record Deployment(
    Network network,
    Chain chain,
    RunLayout run,
    long seed,
    EventLog labLog,
    SignatureScheme signatures) {
  public Deployment {
    java.util.Objects.requireNonNull(signatures, "signatures");
  }

  /** A deployment whose identities sign with real Ed25519. */
  public Deployment(Network network, Chain chain, RunLayout run, long seed, EventLog labLog) {
    this(network, chain, run, seed, labLog, SignatureScheme.ED25519);
  }
}
