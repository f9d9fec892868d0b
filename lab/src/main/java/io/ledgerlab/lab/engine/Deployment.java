package io.ledgerlab.lab.engine;

import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.runtime.log.EventLog;

/**
 * What an engine is asked to start: a network, the chain deployed for it, the run directory, and
 * the run's seed (the simulator derives its whole world from it).
 *
 * @param labLog the lab's own structured log, in the run's {@code logs/} directory
 */
public record Deployment(Network network, Chain chain, RunLayout run, long seed, EventLog labLog) {}
