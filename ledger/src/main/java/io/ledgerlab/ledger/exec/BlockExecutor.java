package io.ledgerlab.ledger.exec;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.ChainCodeLimitException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.BlockHeader;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.DuplicateVoteEvidence;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.genesis.Genesis.ChainParams;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.state.WorkingState;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one execution path of the chain: validate, execute, stage. A proposer {@linkplain #propose
 * builds} a block from candidates, leaving out the ones that fail; every other node {@linkplain
 * #replay replays} a block and rejects it if any transaction fails or the roots differ. Both run
 * the same per-transaction code, so what one node builds another accepts.
 */
public final class BlockExecutor {
  /** The receipt code of a call whose chain code threw. */
  public static final String CHAIN_CODE_ERROR = "CHAIN_CODE_ERROR";

  /**
   * The receipt message of every call that threw. The exception's class and text stay out: they
   * differ between JDK builds and flags, and receipts are hashed into the block header.
   */
  public static final String CHAIN_CODE_ERROR_MESSAGE = "the chain code threw an exception";

  /** The receipt code of a call that exceeded a limit of its context. */
  public static final String LIMIT_EXCEEDED = "LIMIT_EXCEEDED";

  private final TxRules rules;
  private final Codes codes;
  private final ChainParams params;
  private final StateStore store;

  public BlockExecutor(TxRules rules, Codes codes, ChainParams params, StateStore store) {
    this.rules = rules;
    this.codes = codes;
    this.params = params;
    this.store = store;
  }

  /**
   * The chain code in force at the block after {@code parent} that this node does not have, if any.
   * A node checks before it enters a height: it must neither propose, vote on nor replay a block it
   * cannot execute as every other node does.
   */
  public Optional<MissingCode> missingCode(ChainHead parent) {
    try {
      begin(parent.height() + 1);
      return Optional.empty();
    } catch (MissingCodeException e) {
      return Optional.of(e.missing());
    }
  }

  /**
   * Builds the next block on {@code parent} from {@code candidates}, in their order. Candidates
   * that fail a rule are dropped with their reason; once the block is full the rest wait.
   * Signatures are not checked here: the caller admitted the candidates.
   */
  public ExecutedBlock propose(
      String chainId,
      ChainHead parent,
      List<Transaction> candidates,
      long timeMicros,
      Address proposer,
      CommitCertificate lastCommit,
      List<DuplicateVoteEvidence> evidence) {
    long height = parent.height() + 1;
    long time = Math.max(timeMicros, parent.timeMicros() + 1);
    WorkingState state = begin(height);
    List<Transaction> included = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    List<ExecutedBlock.Dropped> dropped = new ArrayList<>();
    List<ExecutedBlock.ChainCodeError> errors = new ArrayList<>();
    long bytes = 0;
    for (Transaction tx : candidates) {
      if (included.size() >= params.blockTransactionsMax()
          || bytes + tx.sizeBytes() > params.blockBytesMax()) {
        break;
      }
      TxCheck check = check(tx, state, height, false);
      if (!check.isOk()) {
        dropped.add(new ExecutedBlock.Dropped(tx, check));
        continue;
      }
      receipts.add(execute(state, tx, height, time, errors, null));
      included.add(tx);
      bytes += tx.sizeBytes();
    }
    StateStore.Staged staged = store.stage(state.blockWrites());
    BlockHeader header =
        new BlockHeader(
            chainId,
            height,
            time,
            parent.blockHash(),
            Block.txRoot(included),
            staged.root(),
            Receipt.root(receipts),
            Block.evidenceRoot(evidence),
            proposer,
            lastCommit);
    return new ExecutedBlock(
        parent, new Block(header, included, evidence), receipts, staged, dropped, errors);
  }

  /** Builds a block without evidence; the dev chain's path. */
  public ExecutedBlock propose(
      String chainId,
      ChainHead parent,
      List<Transaction> candidates,
      long timeMicros,
      Address proposer,
      CommitCertificate lastCommit) {
    return propose(chainId, parent, candidates, timeMicros, proposer, lastCommit, List.of());
  }

  /** Re-executes {@code block} on {@code parent} and checks every rule and root it claims. */
  public ExecutedBlock replay(
      String chainId, ChainHead parent, Block block, boolean verifySignatures)
      throws InvalidBlockException {
    return replay(chainId, parent, block, verifySignatures, null);
  }

  /**
   * As {@link #replay(String, ChainHead, Block, boolean)}, telling {@code observer} what each
   * transaction did as it goes — so a caller still sees the transactions before the one that broke
   * the block, when it throws.
   *
   * @param observer null for none; it costs a copy of each transaction's writes
   */
  public ExecutedBlock replay(
      String chainId,
      ChainHead parent,
      Block block,
      boolean verifySignatures,
      TxEffect.Observer observer)
      throws InvalidBlockException {
    BlockHeader h = block.header();
    long height = parent.height() + 1;
    require(
        h.chainId().equals(chainId),
        h,
        "chain id '" + h.chainId() + "', expected '" + chainId + "'");
    require(
        h.height() == height, h, "height " + h.height() + " does not follow " + parent.height());
    require(
        h.previousHash().equals(parent.blockHash()),
        h,
        "previous hash does not match block " + parent.height());
    require(h.timeMicros() > parent.timeMicros(), h, "time does not move forward");
    require(
        block.transactions().size() <= params.blockTransactionsMax(), h, "too many transactions");
    require(
        h.txRoot().equals(Block.txRoot(block.transactions())),
        h,
        "transaction root does not match");
    require(
        h.evidenceRoot().equals(Block.evidenceRoot(block.evidence())),
        h,
        "evidence root does not match");
    WorkingState state = begin(height);
    List<Receipt> receipts = new ArrayList<>();
    List<ExecutedBlock.ChainCodeError> errors = new ArrayList<>();
    long bytes = 0;
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      Transaction tx = txs.get(i);
      bytes += tx.sizeBytes();
      require(bytes <= params.blockBytesMax(), h, "block exceeds blockBytesMax");
      TxCheck check = check(tx, state, height, verifySignatures);
      require(check.isOk(), h, "transaction " + i + " " + tx.hash().shortHex() + ": " + check);
      List<WorkingState.Write> writes = observer == null ? null : new ArrayList<>();
      Receipt receipt = execute(state, tx, height, h.timeMicros(), errors, writes);
      receipts.add(receipt);
      if (observer != null) {
        observer.executed(new TxEffect(i, tx, receipt, TxEffect.merge(writes)));
      }
    }
    StateStore.Staged staged = store.stage(state.blockWrites());
    if (!staged.root().equals(h.stateRoot())) {
      throw new InvalidBlockException(
          h.height(),
          "state root "
              + staged.root().shortHex()
              + " differs from the header's "
              + h.stateRoot().shortHex(),
          new InvalidBlockException.RootMismatch(
              InvalidBlockException.RootMismatch.STATE_ROOT, h.stateRoot(), staged.root()));
    }
    Hash receiptsRoot = Receipt.root(receipts);
    if (!receiptsRoot.equals(h.receiptsRoot())) {
      throw new InvalidBlockException(
          h.height(),
          "receipts root differs from the header's",
          new InvalidBlockException.RootMismatch(
              InvalidBlockException.RootMismatch.RECEIPTS_ROOT, h.receiptsRoot(), receiptsRoot));
    }
    return new ExecutedBlock(parent, block, receipts, staged, List.of(), errors);
  }

  /** Answers a read-only chain-code query against {@code state}. */
  public Outcome query(
      StateReader state, ChainHead head, String chainCode, String method, byte[] args) {
    int version = Versions.inForce(state, chainCode);
    ChainCode code = codes.find(state, chainCode, version).orElse(null);
    if (code == null) {
      return Outcome.fail("UNKNOWN_CHAIN_CODE", "no chain code '" + chainCode + "' is in force");
    }
    try {
      return code.query(
          TxContext.forQuery(state, chainCode, head.height(), head.timeMicros()), method, args);
    } catch (ChainCodeException e) {
      return e.toOutcome();
    } catch (CorruptStateException e) {
      throw e;
    } catch (RuntimeException e) {
      // A query answers one client and is never hashed: the exception's text is for that reader.
      return Outcome.fail(CHAIN_CODE_ERROR, e.toString());
    }
  }

  /**
   * The block's starting state: the upgrades scheduled for it applied. Throws MissingCodeException
   * when a chain code in force from here on runs a jar this node does not have.
   */
  private WorkingState begin(long height) {
    WorkingState state = new WorkingState(store);
    Versions.applyScheduled(state, height);
    codes.requireActive(state, height);
    state.commitTx();
    return state;
  }

  private TxCheck check(Transaction tx, WorkingState state, long height, boolean verifySignature) {
    TxCheck check = rules.stateless(tx);
    if (check.isOk() && verifySignature) {
      check = rules.signature(tx);
    }
    if (check.isOk()) {
      check = rules.stateful(tx, state, Accounts.get(state, tx.senderAddress()).nonce(), height);
    }
    return check;
  }

  /**
   * Runs one checked transaction: the call's writes stay only if it succeeds; the nonce always
   * moves. What a throwing chain code threw goes to {@code errors}, not into the receipt.
   *
   * @param writes when not null, gets every write the transaction committed, in turn
   */
  private Receipt execute(
      WorkingState state,
      Transaction tx,
      long height,
      long timeMicros,
      List<ExecutedBlock.ChainCodeError> errors,
      List<WorkingState.Write> writes) {
    Address sender = tx.senderAddress();
    if (tx.payload() instanceof Payload.Governance g) {
      List<io.ledgerlab.ledger.chaincode.Event> events =
          rules.governance().apply(tx, g, state, height);
      Accounts.put(state, sender, Accounts.get(state, sender).withNextNonce());
      state.commitTx();
      return Receipt.success(tx.hash(), new byte[0], events);
    }
    String name;
    String method;
    byte[] args;
    if (tx.payload() instanceof Payload.Transfer t) {
      name = TokenChainCode.NAME;
      method = TokenChainCode.TRANSFER;
      args = TokenChainCode.transferArgs(t.to(), t.amount());
    } else {
      Payload.Call c = (Payload.Call) tx.payload();
      name = c.chainCode();
      method = c.method();
      args = c.args();
    }
    ChainCode code = codes.find(state, name, Versions.inForce(state, name)).orElseThrow();
    TxContext context = TxContext.forCall(state, name, sender, height, timeMicros);
    Call call = invoke(code, context, method, args);
    if (call.thrown() != null) {
      errors.add(new ExecutedBlock.ChainCodeError(tx.hash(), name, call.thrown().toString()));
    }
    Outcome outcome = call.outcome();
    if (outcome.succeeded()) {
      if (writes != null) {
        writes.addAll(state.pendingWrites());
      }
      state.addChainCodeBytes(context.bytesWritten());
      state.commitTx();
    } else {
      state.rollbackTx();
    }
    Accounts.put(state, sender, Accounts.get(state, sender).withNextNonce());
    if (writes != null) {
      writes.addAll(state.pendingWrites());
    }
    state.commitTx();
    return outcome.succeeded()
        ? Receipt.success(tx.hash(), outcome.result(), context.events())
        : Receipt.failure(tx.hash(), outcome.errorCode(), outcome.message());
  }

  /** What one chain-code call returned, and the exception it threw if it threw one. */
  private record Call(Outcome outcome, RuntimeException thrown) {}

  /**
   * Calls into chain code. Its exceptions become failed receipts, never a failed block: a bug in
   * one contract must not halt the chain. Every node fails the same way, but not with the same text
   * (a JDK writes its own messages, and flags change them), so only a fixed code and message reach
   * the receipt. A limit's message is ours, built from the call's inputs, so it may.
   */
  private static Call invoke(ChainCode code, TxContext context, String method, byte[] args) {
    try {
      return new Call(Outcomes.stable(code.invoke(context, method, args)), null);
    } catch (ChainCodeException e) {
      return new Call(Outcomes.stable(e.toOutcome()), null);
    } catch (ChainCodeLimitException e) {
      return new Call(Outcome.fail(LIMIT_EXCEEDED, e.getMessage()), null);
    } catch (CorruptStateException e) {
      // This node's disk is broken, not the call: a receipt would pass a local fault off as the
      // chain's.
      throw e;
    } catch (RuntimeException e) {
      return new Call(Outcome.fail(CHAIN_CODE_ERROR, CHAIN_CODE_ERROR_MESSAGE), e);
    }
  }

  private static void require(boolean ok, BlockHeader h, String reason)
      throws InvalidBlockException {
    if (!ok) {
      throw new InvalidBlockException(h.height(), reason);
    }
  }
}
