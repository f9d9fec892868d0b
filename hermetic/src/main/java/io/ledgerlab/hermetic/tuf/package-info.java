/**
 * The Update Framework (TUF, specification 1.0.x, theupdateframework.github.io/specification):
 * signed role metadata, its canonical form, and the client workflow of section 5 in {@link
 * io.ledgerlab.hermetic.tuf.Updater}. The repository side ({@link
 * io.ledgerlab.hermetic.tuf.Envelope#sign}) shares the model, so what the feed writes is what the
 * agent reads.
 *
 * <p>Only what a feed of instructions needs is implemented: the four top-level roles, ed25519 keys,
 * SHA-256 hashes and consistent snapshots. Delegated targets roles, other key types and hash
 * algorithms are refused by name rather than ignored.
 */
package io.ledgerlab.hermetic.tuf;
