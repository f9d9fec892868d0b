package io.ledgerlab.lab.target;

/**
 * What a node answered about one submitted transaction.
 *
 * @param reason why it was rejected, as a stable code (such as {@code BAD_NONCE}); null when
 *     accepted
 */
public record Submitted(String id, boolean accepted, String reason, String detail) {}
