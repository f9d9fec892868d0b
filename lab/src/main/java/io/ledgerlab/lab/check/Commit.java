package io.ledgerlab.lab.check;

/** A block a node logged committing: which, and when (run seconds). */
public record Commit(String node, long height, String hash, double atSeconds) {}
