package io.ledgerlab.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.observer.ObserverStatus;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import io.ledgerlab.node.NodeHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The node's JSON-RPC methods. Each runs its reads on the node's event loop, so a client never sees
 * state halfway through a block.
 */
public final class NodeRpc {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * The most transactions one {@code tx_submitBatch} call may carry: about 250 kB of hex for
   * transfers, and a block's worth.
   */
  public static final int SUBMIT_BATCH_MAX = 1_000;

  private final NodeHost host;

  public NodeRpc(NodeHost host) {
    this.host = host;
  }

  /** The methods by name, for {@link JsonRpc}. */
  public Map<String, JsonRpc.Method> methods(boolean labControls) {
    Map<String, JsonRpc.Method> m = new LinkedHashMap<>();
    m.put("tx_submit", this::submit);
    m.put("tx_submitBatch", this::submitBatch);
    m.put("tx_get", this::tx);
    m.put("block_get", this::block);
    m.put("chain_head", p -> head());
    m.put("account_get", this::account);
    m.put("node_status", p -> host.status());
    m.put("observer_status", p -> observerStatus());
    m.put("chaincode_query", this::query);
    m.put("governance_proposal", this::proposal);
    if (labControls) {
      m.put("lab_setClockOffset", this::setClockOffset);
      m.put("lab_stateAudit", p -> stateAudit());
    }
    return m;
  }

  private JsonNode submit(Params p) throws RpcError {
    Transaction tx = transaction(p.hex("tx", 0, 0), "'tx'");
    // Verify here, on the RPC thread: the answer is kept in the transaction, so the event loop's
    // admission does not pay for it and several clients' signatures are checked in parallel.
    tx.verifySignature();
    TxCheck check = onLoop(() -> host.submit(tx));
    return answer(tx, check);
  }

  /**
   * Admits up to {@link #SUBMIT_BATCH_MAX} transactions, {@code txs} as hex strings, in their
   * order, in one visit to the event loop: a client that sends many transactions at once then costs
   * the loop one hand-over, not one per transaction. The answer holds one {@code tx_submit} result
   * per transaction, in the same order. A transaction that does not decode fails the whole call,
   * naming its index, before any is admitted.
   */
  private JsonNode submitBatch(Params p) throws RpcError {
    JsonNode list = p.array("txs", 0, SUBMIT_BATCH_MAX);
    List<Transaction> txs = new ArrayList<>(list.size());
    Params elements = Params.of(list);
    for (int i = 0; i < list.size(); i++) {
      String name = "txs[" + i + "]";
      txs.add(transaction(elements.hex(name, i, 0), "'" + name + "'"));
    }
    // As for one transaction: signatures are checked here, off the event loop.
    for (Transaction tx : txs) {
      tx.verifySignature();
    }
    List<TxCheck> checks =
        onLoop(
            () -> {
              List<TxCheck> out = new ArrayList<>(txs.size());
              for (Transaction tx : txs) {
                out.add(host.submit(tx));
              }
              return out;
            });
    ArrayNode answers = NODES.arrayNode();
    for (int i = 0; i < txs.size(); i++) {
      answers.add(answer(txs.get(i), checks.get(i)));
    }
    return answers;
  }

  private static Transaction transaction(byte[] bytes, String name) throws RpcError {
    if (bytes.length > Transaction.ENCODED_BYTES_MAX) {
      throw RpcError.invalidParams(
          name + " is " + bytes.length + " bytes, at most " + Transaction.ENCODED_BYTES_MAX);
    }
    try {
      return Transaction.decode(bytes);
    } catch (DecodeException e) {
      throw RpcError.invalidParams(name + " is not a transaction: " + e.getMessage());
    }
  }

  private static ObjectNode answer(Transaction tx, TxCheck check) {
    ObjectNode result = NODES.objectNode().put("hash", tx.hash().hex());
    result.put("accepted", check.isOk());
    if (!check.isOk()) {
      result.put("reason", check.reason().name()).put("detail", check.detail());
    }
    return result;
  }

  private JsonNode tx(Params p) throws RpcError {
    Hash hash = Hash.of(p.hex("hash", 0, Hash.LENGTH));
    return onLoop(
        () -> {
          ObjectNode out = NODES.objectNode().put("hash", hash.hex());
          var location = host.node().ledger().findTx(hash);
          if (location.isPresent()) {
            long height = location.get().height();
            Receipt r = host.node().ledger().receipts(height).get(location.get().index());
            out.put("status", "committed").put("height", height);
            out.put("index", location.get().index());
            ObjectNode receipt = out.putObject("receipt").put("ok", r.ok());
            if (!r.ok()) {
              receipt.put("code", r.errorCode()).put("message", r.message());
            }
            // The whole receipt in its canonical encoding: its result and events, for clients
            // that check what a call did (Receipt.decodeAll reads it back).
            receipt.put(
                "encoded",
                java.util.HexFormat.of().formatHex(Receipt.encodeAll(java.util.List.of(r))));
            return out;
          }
          return out.put("status", host.node().isPending(hash) ? "pending" : "unknown");
        });
  }

  private JsonNode block(Params p) throws RpcError {
    long height = p.nonNegativeLong("height", 0);
    boolean encoded = p.optionalBoolean("encoded", 1, true);
    Optional<Block> block = onLoop(() -> host.node().ledger().block(height));
    Optional<CommitCertificate> cert = onLoop(() -> host.node().ledger().certificate(height));
    if (block.isEmpty()) {
      throw new RpcError(
          RpcError.NOT_FOUND, "no block at height " + height + " on this node (yet)");
    }
    return BlockViews.block(block.get(), cert, encoded);
  }

  private JsonNode head() throws RpcError {
    return onLoop(
        () -> {
          var head = host.node().ledger().head();
          return NODES
              .objectNode()
              .put("height", head.height())
              .put("hash", head.blockHash().hex())
              .put("stateRoot", head.stateRoot().hex())
              .put("timeMicros", head.timeMicros());
        });
  }

  private JsonNode account(Params p) throws RpcError {
    Address address = Address.of(p.hex("address", 0, Address.LENGTH));
    return onLoop(
        () -> {
          var account = host.node().ledger().account(address);
          return NODES
              .objectNode()
              .put("address", address.hex())
              .put("balance", account.balance())
              .put("nonce", account.nonce())
              .put("nextNonce", host.node().nextNonce(address));
        });
  }

  private JsonNode query(Params p) throws RpcError {
    String chainCode = p.string("chainCode", 0);
    String method = p.string("method", 1);
    byte[] args = p.hex("args", 2, 0);
    var outcome = onLoop(() -> host.node().ledger().query(chainCode, method, args));
    ObjectNode out = NODES.objectNode().put("ok", outcome.succeeded());
    if (outcome.succeeded()) {
      out.put("result", java.util.HexFormat.of().formatHex(outcome.result()));
    } else {
      out.put("code", outcome.errorCode()).put("message", outcome.message());
    }
    return out;
  }

  /**
   * A governance proposal at the committed head: its state, approvers and content (see {@link
   * io.ledgerlab.ledger.gov.ProposalStatus}); {@code proposals} is how many the chain holds.
   */
  private JsonNode proposal(Params p) throws RpcError {
    long id = p.nonNegativeLong("id", 0);
    return onLoop(
        () -> {
          var ledger = host.node().ledger();
          ObjectNode out =
              NODES
                  .objectNode()
                  .put("id", id)
                  .put("height", ledger.height())
                  .put("proposals", ledger.proposalCount());
          var found = ledger.proposal(id);
          if (found.isEmpty()) {
            return out.put("state", "unknown");
          }
          var s = found.get();
          out.put("state", s.state())
              .put("chainCode", s.install().chainCode())
              .put("version", s.install().version())
              .put("sha256", s.install().sha256())
              .put("activationHeight", s.install().activationHeight())
              .put("expiryHeight", s.expiryHeight())
              .put("contentHash", s.contentHash())
              .put("threshold", s.threshold());
          var approvers = out.putArray("approvers");
          s.approvers().forEach(approvers::add);
          return out;
        });
  }

  /**
   * What this node observed of the validators (see {@link ObserverStatus}); on a validator only its
   * role, height and peers' versions are filled in.
   */
  private JsonNode observerStatus() throws RpcError {
    ObserverStatus s = onLoop(() -> host.node().observerStatus());
    ObjectNode out =
        NODES
            .objectNode()
            .put("role", s.role())
            .put("height", s.height())
            .put("blocks", s.blocks());
    var divergences = out.putArray("divergences");
    for (ObserverStatus.Divergence d : s.divergences()) {
      divergences
          .addObject()
          .put("height", d.height())
          .put("field", d.field())
          .put("header", d.header())
          .put("computed", d.computed());
    }
    out.put("roundChanges", s.roundChanges());
    ObjectNode validators = out.putObject("validators");
    s.validators()
        .forEach(
            (name, v) ->
                validators
                    .putObject(name)
                    .put("certificates", v.certificates())
                    .put("signed", v.signed())
                    .put("missed", v.missed())
                    .put("missedRatio", v.missedRatio()));
    out.put("lastIntervalMicros", s.lastIntervalMicros());
    out.put("meanIntervalMicros", s.meanIntervalMicros());
    ObjectNode proposers = out.putObject("proposers");
    s.proposers().forEach(proposers::put);
    ObjectNode peers = out.putObject("peers");
    s.peers().forEach(peers::put);
    return out;
  }

  private JsonNode setClockOffset(Params p) throws RpcError {
    long micros = p.anyLong("micros", 0);
    host.clock().setOffsetMicros(micros);
    return NODES.objectNode().put("clockOffsetMicros", micros);
  }

  /**
   * The head's state root against the root rebuilt from every stored state entry: they differ when
   * the stored state drifted from what the node committed to. Costs a scan of the whole state.
   */
  private JsonNode stateAudit() throws RpcError {
    return onLoop(
        () -> {
          var ledger = host.node().ledger();
          return NODES
              .objectNode()
              .put("height", ledger.height())
              .put("headStateRoot", ledger.head().stateRoot().hex())
              .put(
                  "rebuiltStateRoot",
                  io.ledgerlab.ledger.state.StateAudit.recomputeRoot(ledger.state()).hex());
        });
  }

  private <T> T onLoop(Callable<T> call) throws RpcError {
    return host.onLoop(call);
  }
}
