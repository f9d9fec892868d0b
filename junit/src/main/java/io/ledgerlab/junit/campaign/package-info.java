/**
 * Invariant campaigns, in the manner of Foundry's invariant tests and the Cosmos SDK simulation: a
 * user declares handlers (weighted operations that turn a seeded random source and ghost state into
 * calls or faults) and invariants (checked every few blocks and at the end); the campaign runs them
 * on a network — the simulator by default, faults included — shrinks a failure to a minimal
 * sequence of operations, saves it under the project, and replays it first on the next run.
 */
package io.ledgerlab.junit.campaign;
