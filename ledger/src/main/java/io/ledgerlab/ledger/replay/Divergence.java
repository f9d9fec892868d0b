package io.ledgerlab.ledger.replay;

import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.crypto.Hash;

/**
 * The first place two executions of one chain part: a block, the transaction in it when one can be
 * named, and what each side made of it.
 *
 * <p>For {@link ReplayReport.Verdict#INVALID} the reference is the chain's own code and the
 * candidate the replacement; for {@link ReplayReport.Verdict#STORED_CHAIN_INVALID} the reference is
 * what the chain stored and the candidate its own code run again.
 *
 * @param txIndex the transaction's place in the block, or -1 when only the block can be named
 * @param txHash that transaction's hash, or null
 * @param reason in words, what differs
 * @param reference the reference side's receipt for the transaction, or null when it has none
 * @param candidate the candidate side's receipt, or null when it has none (the transaction was
 *     rejected there, or the source keeps no receipts)
 * @param state the first state key the two sides left with different values, or null when the
 *     writes agree or cannot be compared
 */
public record Divergence(
    long height,
    int txIndex,
    Hash txHash,
    String reason,
    Receipt reference,
    Receipt candidate,
    StateDifference state) {}
