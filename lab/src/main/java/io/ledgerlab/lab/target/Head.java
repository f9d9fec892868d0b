package io.ledgerlab.lab.target;

/** The head of a node's chain: its height and the hash of the block there. */
public record Head(long height, String hash) {}
