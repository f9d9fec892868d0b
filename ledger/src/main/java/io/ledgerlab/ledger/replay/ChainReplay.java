package io.ledgerlab.ledger.replay;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.CodeSource;
import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.exec.TxEffect;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.store.ChainHead;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Replays a committed chain from genesis on fresh in-memory state, block by block, with the chain's
 * own code and — side by side, when there are replacements — with the replacements standing in.
 * Each block is read once and executed by both sides through the chain's one execution path; the
 * first transaction whose receipt or writes differ is named with both. The chain's own side also
 * checks every block against what its header claims (roots, signatures, nonces): a chain that does
 * not replay under its own code is reported as such, before any replacement is judged.
 *
 * <p>What is not checked: the commit certificates (consensus, not execution, decided the blocks).
 */
public final class ChainReplay {
  /** Told after each block both sides agreed on; a long replay reports its pace through it. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (height, head) -> {};

    void replayed(long height, long head);
  }

  private final Genesis genesis;
  private final ChainCodeRegistry chainCode;
  private final CodeSource installed;
  private final Substitution substitution;

  /**
   * @param chainCode the code the chain ran: the built-ins and the jars its genesis names
   * @param substitution the same with replacements standing in, or null to replay only under the
   *     chain's own code
   */
  public ChainReplay(Genesis genesis, ChainCodeRegistry chainCode, Substitution substitution) {
    this(genesis, chainCode, CodeSource.NONE, substitution);
  }

  /**
   * @param installed the jars governance installed on the chain (a node's code directory), which
   *     both sides run where no replacement stands in
   */
  public ChainReplay(
      Genesis genesis,
      ChainCodeRegistry chainCode,
      CodeSource installed,
      Substitution substitution) {
    this.genesis = genesis;
    this.chainCode = chainCode;
    this.installed = installed;
    this.substitution = substitution;
  }

  /** Replays every block {@code source} holds and reports the verdict. */
  public ReplayReport run(BlockSource source, Progress progress) throws IOException {
    long head = source.head();
    Side own = new Side(genesis, chainCode, installed);
    Side other =
        substitution == null
            ? null
            : new Side(genesis, substitution.registry(), substitution.source(installed));
    long txs = 0;
    for (long h = 1; h <= head; h++) {
      Block block = source.block(h);
      Side.Step reference = own.execute(block, true);
      if (reference.failed()) {
        return report(
            ReplayReport.Verdict.STORED_CHAIN_INVALID,
            head,
            h - 1,
            txs,
            own,
            stored(source, h, block, reference));
      }
      if (other != null) {
        Side.Step candidate = other.execute(block, false);
        Divergence d = firstDifference(h, block, reference, candidate);
        if (d != null) {
          return report(ReplayReport.Verdict.INVALID, head, h - 1, txs, own, d);
        }
        other.commit(candidate.executed());
      }
      own.commit(reference.executed());
      txs += block.transactions().size();
      progress.replayed(h, head);
    }
    return report(ReplayReport.Verdict.VALID, head, head, txs, own, null);
  }

  /** The state of a chain at a height, as its own code rebuilds it. */
  public record Replayed(ChainHead head, StateReader state) {}

  /**
   * The chain's state at {@code height}, rebuilt from genesis with its own code; each block's state
   * root is checked against its header on the way.
   *
   * @throws ReplayException when the source does not reach {@code height}, or a block does not
   *     replay under the chain's own code
   */
  public Replayed replayTo(BlockSource source, long height, Progress progress)
      throws IOException, ReplayException {
    long head = source.head();
    if (height < 0 || height > head) {
      throw new ReplayException(
          "height " + height + " is not on the chain, whose head is at " + head);
    }
    Side own = new Side(genesis, chainCode, installed);
    for (long h = 1; h <= height; h++) {
      Side.Step step = own.execute(source.block(h), true);
      if (step.failed()) {
        throw new ReplayException(
            "the chain does not replay under its own code at block " + h + ": " + step.failure());
      }
      own.commit(step.executed());
      progress.replayed(h, height);
    }
    return new Replayed(own.head(), own.state());
  }

  private ReplayReport report(
      ReplayReport.Verdict verdict, long head, long blocks, long txs, Side own, Divergence d) {
    return new ReplayReport(
        verdict,
        genesis.chainId(),
        head,
        blocks,
        txs,
        own.head().stateRoot(),
        substitution == null ? List.of() : substitution.replaced(),
        d);
  }

  /**
   * Where the chain's own code parts from what the chain stored: at the first transaction whose
   * stored receipt differs, when the source keeps receipts; at the transaction the code now
   * rejects; else at the block, whose header the code no longer matches.
   */
  private static Divergence stored(BlockSource source, long h, Block block, Side.Step step)
      throws IOException {
    Optional<List<Receipt>> stored = source.receipts(h);
    if (stored.isPresent()) {
      List<Receipt> receipts = stored.get();
      for (TxEffect e : step.effects()) {
        Receipt was = e.index() < receipts.size() ? receipts.get(e.index()) : null;
        if (was == null || !Arrays.equals(was.encode(), e.receipt().encode())) {
          return new Divergence(
              h,
              e.index(),
              e.tx().hash(),
              "the chain's own code gives another receipt than the stored one; " + step.failure(),
              was,
              e.receipt(),
              null);
        }
      }
    }
    int rejected = step.effects().size();
    if (rejected < block.transactions().size()) {
      return new Divergence(
          h,
          rejected,
          block.transactions().get(rejected).hash(),
          step.failure(),
          stored.map(r -> rejected < r.size() ? r.get(rejected) : null).orElse(null),
          null,
          null);
    }
    return new Divergence(h, -1, null, step.failure(), null, null, null);
  }

  /** The first transaction of {@code block} whose receipt or writes differ between the sides. */
  private static Divergence firstDifference(
      long h, Block block, Side.Step reference, Side.Step candidate) {
    List<TxEffect> ref = reference.effects();
    List<TxEffect> alt = candidate.effects();
    for (int i = 0; i < ref.size(); i++) {
      TxEffect r = ref.get(i);
      if (i >= alt.size()) {
        return new Divergence(
            h,
            i,
            r.tx().hash(),
            "under the replacement the transaction is rejected: " + candidate.failure(),
            r.receipt(),
            null,
            null);
      }
      TxEffect a = alt.get(i);
      boolean receipts = !Arrays.equals(r.receipt().encode(), a.receipt().encode());
      StateDifference state = firstChange(r.changes(), a.changes());
      if (receipts || state != null) {
        String reason =
            receipts && state != null
                ? "the receipts and the writes differ"
                : receipts
                    ? "the receipts differ; the writes agree"
                    : "the writes differ; the receipts agree";
        return new Divergence(h, i, r.tx().hash(), reason, r.receipt(), a.receipt(), state);
      }
    }
    if (candidate.failed()) {
      // Every transaction agreed and still the block broke: only the block can be named.
      return new Divergence(h, -1, null, candidate.failure(), null, null, null);
    }
    return null;
  }

  /**
   * The first key, in key order, that one transaction left with different values on the two sides.
   * A key only one side wrote keeps, on the other, the value it had before — the same on both,
   * since every earlier transaction agreed.
   */
  static StateDifference firstChange(
      SortedMap<Bytes, TxEffect.Change> ref, SortedMap<Bytes, TxEffect.Change> alt) {
    TreeSet<Bytes> keys = new TreeSet<>(ref.keySet());
    keys.addAll(alt.keySet());
    for (Bytes k : keys) {
      TxEffect.Change r = ref.get(k);
      TxEffect.Change a = alt.get(k);
      byte[] before = r != null ? r.before() : a.before();
      byte[] refAfter = r != null ? r.after() : before;
      byte[] altAfter = a != null ? a.after() : before;
      if (!Arrays.equals(refAfter, altAfter)) {
        return new StateDifference(k.unsafeArray(), before, refAfter, altAfter);
      }
    }
    return null;
  }
}
