package io.ledgerlab.lab.check;

import io.ledgerlab.ledger.chain.Ledger;

/** One node's committed chain as the checks see it, and whether the node counts as honest. */
public record NodeChain(String node, Ledger ledger, boolean honest) {}
