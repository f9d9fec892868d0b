/**
 * What a node without a validator key learns by following the chain: per-block measures (interval,
 * proposer, round, which validators' precommits each certificate holds), per-validator
 * participation, peers' software versions, and divergences — blocks a quorum certified whose
 * re-execution here gives other roots than their headers. The consensus node feeds it; it only
 * counts and logs, and never touches the world itself.
 */
package io.ledgerlab.ledger.observer;
