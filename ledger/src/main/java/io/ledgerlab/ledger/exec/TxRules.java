package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.genesis.Genesis.ChainParams;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;

/**
 * The rules a transaction must pass to enter a block, split by cost: the cheap stateless checks,
 * the signature, and the checks against state. Admission and block execution share them, so a node
 * never accepts what it would not include.
 */
public final class TxRules {
  private final String chainId;
  private final ChainParams params;
  private final ChainCodeRegistry registry;

  public TxRules(String chainId, ChainParams params, ChainCodeRegistry registry) {
    this.chainId = chainId;
    this.params = params;
    this.registry = registry;
  }

  public TxCheck stateless(Transaction tx) {
    if (!chainId.equals(tx.chainId())) {
      return TxCheck.rejected(
          RejectReason.WRONG_CHAIN_ID, "expected '" + chainId + "', got '" + tx.chainId() + "'");
    }
    if (tx.sizeBytes() > params.txBytesMax()) {
      return TxCheck.rejected(
          RejectReason.TOO_LARGE,
          tx.sizeBytes() + " bytes exceed txBytesMax " + params.txBytesMax());
    }
    return TxCheck.ok();
  }

  public TxCheck signature(Transaction tx) {
    return tx.verifySignature()
        ? TxCheck.ok()
        : TxCheck.rejected(
            RejectReason.BAD_SIGNATURE, "signature does not verify for " + tx.sender());
  }

  /** Checks against {@code state} with the sender's next nonce expected to be {@code nonce}. */
  public TxCheck stateful(Transaction tx, StateReader state, long expectedNonce) {
    if (tx.nonce() != expectedNonce) {
      String why = tx.nonce() < expectedNonce ? "already used (replay)" : "skips ahead";
      return TxCheck.rejected(
          RejectReason.BAD_NONCE,
          "nonce " + tx.nonce() + " " + why + "; expected " + expectedNonce);
    }
    Payload payload = tx.payload();
    if (payload instanceof Payload.Transfer t) {
      if (Versions.inForce(state, io.ledgerlab.ledger.chaincode.TokenChainCode.NAME) == 0) {
        return TxCheck.rejected(
            RejectReason.UNKNOWN_CHAIN_CODE, "transfers need the token chain code");
      }
      long balance = Accounts.get(state, tx.senderAddress()).balance();
      if (balance < t.amount()) {
        return TxCheck.rejected(
            RejectReason.INSUFFICIENT_BALANCE, "balance " + balance + " is below " + t.amount());
      }
    } else if (payload instanceof Payload.Call c) {
      return chainCodeInForce(state, c);
    } else if (payload instanceof Payload.Governance g) {
      return TxCheck.rejected(
          RejectReason.UNKNOWN_ACTION,
          "no governance action '" + g.action() + "' is enabled on this chain");
    }
    return TxCheck.ok();
  }

  /** All checks, signature included, against the committed account nonce. */
  public TxCheck all(Transaction tx, StateReader state) {
    TxCheck check = stateless(tx);
    if (check.isOk()) {
      check = signature(tx);
    }
    if (check.isOk()) {
      Account sender = Accounts.get(state, tx.senderAddress());
      check = stateful(tx, state, sender.nonce());
    }
    return check;
  }

  /** The version of a call that runs whatever version is in force. */
  public static final int UNPINNED = 0;

  private TxCheck chainCodeInForce(StateReader state, Payload.Call call) {
    int inForce = Versions.inForce(state, call.chainCode());
    if (inForce == 0 || !registry.knows(call.chainCode())) {
      return TxCheck.rejected(
          RejectReason.UNKNOWN_CHAIN_CODE, "no chain code '" + call.chainCode() + "' is in force");
    }
    if (call.version() != UNPINNED && inForce != call.version()) {
      return TxCheck.rejected(
          RejectReason.UNKNOWN_VERSION,
          call.chainCode() + " is at version " + inForce + ", the call expects " + call.version());
    }
    if (registry.find(call.chainCode(), inForce).isEmpty()) {
      return TxCheck.rejected(
          RejectReason.UNKNOWN_VERSION,
          "this node does not carry " + call.chainCode() + " version " + inForce);
    }
    return TxCheck.ok();
  }
}
