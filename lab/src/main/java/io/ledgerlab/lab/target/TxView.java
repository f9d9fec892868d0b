package io.ledgerlab.lab.target;

/** One transaction of a committed block: its id, its sender and the sender's sequence number. */
public record TxView(String id, String sender, long nonce) {}
