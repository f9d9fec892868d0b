package io.ledgerlab.ledger.mempool;

import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Transactions waiting for a block, bounded in count and bytes. Each sender's transactions form a
 * gap-free nonce sequence that starts at the account's next nonce, so the arrival order, which
 * {@link #reap} follows, is always a valid execution order.
 */
public final class Mempool {
  private final int countMax;
  private final long bytesMax;
  private final LinkedHashMap<Hash, Transaction> byArrival = new LinkedHashMap<>();
  private final Map<Address, NavigableMap<Long, Transaction>> bySender = new HashMap<>();
  private final Map<Hash, Waiting> waiting = new HashMap<>();
  private long bytes;

  /**
   * A rescued transaction waits twice as long for its next rescue as for its last, up to this many
   * doublings of the bound: one that peers keep refusing (or that no proposer picks) is not sent
   * again every bound forever.
   */
  public static final int RESCUE_DOUBLINGS_MAX = 5;

  /**
   * When a transaction was admitted and last sent on again, by the node's clock.
   *
   * @param admittedMicros when it entered this pool
   * @param sentMicros when it was last rescued, or when it was admitted
   * @param rescues how often it was rescued
   */
  private record Waiting(long admittedMicros, long sentMicros, int rescues) {
    /** Whether it waited its turn: the bound, then 2, 4… times it after each rescue. */
    boolean due(long nowMicros, long afterMicros) {
      long since = nowMicros - sentMicros;
      // A clock stepped backwards (skew healed) counts as due, not as a long wait ahead.
      return since < 0 || since >= afterMicros << Math.min(rescues, RESCUE_DOUBLINGS_MAX);
    }
  }

  /** Transactions a rescue sends again, and how long the oldest of them had waited. */
  public record Rescue(List<Transaction> transactions, long oldestMicros) {
    public Rescue {
      transactions = List.copyOf(transactions);
    }
  }

  public Mempool(int countMax, long bytesMax) {
    if (countMax < 1 || bytesMax < 1) {
      throw new IllegalArgumentException("mempool bounds must be positive");
    }
    this.countMax = countMax;
    this.bytesMax = bytesMax;
  }

  /**
   * The nonce the sender's next transaction must carry: one past its last pending transaction, or
   * the account's committed nonce when it has none pending.
   */
  public long nextNonce(Address sender, long committedNonce) {
    NavigableMap<Long, Transaction> pending = bySender.get(sender);
    return pending == null || pending.isEmpty() ? committedNonce : pending.lastKey() + 1;
  }

  /**
   * Admits {@code tx} after every check a block would apply against {@code ledger}'s committed
   * state, so what is accepted is includable; the verdict names the reason for a rejection.
   */
  public TxCheck admit(Transaction tx, io.ledgerlab.ledger.chain.Ledger ledger) {
    return admit(tx, ledger, 0);
  }

  /**
   * As {@link #admit(Transaction, io.ledgerlab.ledger.chain.Ledger)}, admitted at {@code
   * nowMicros}.
   */
  public TxCheck admit(Transaction tx, io.ledgerlab.ledger.chain.Ledger ledger, long nowMicros) {
    if (contains(tx.hash())) {
      return TxCheck.rejected(RejectReason.DUPLICATE, "already pending: " + tx.hash().shortHex());
    }
    TxCheck check = ledger.rules().stateless(tx);
    if (check.isOk()) {
      check = ledger.rules().signature(tx);
    }
    if (check.isOk()) {
      long committed = ledger.account(tx.senderAddress()).nonce();
      if (tx.nonce() < committed) {
        return TxCheck.rejected(
            RejectReason.BAD_NONCE,
            "nonce " + tx.nonce() + " already used (replay); next is " + committed);
      }
      check =
          ledger
              .rules()
              .stateful(
                  tx,
                  ledger.state(),
                  nextNonce(tx.senderAddress(), committed),
                  ledger.height() + 1);
    }
    return check.isOk() ? add(tx, nowMicros) : check;
  }

  /**
   * Adds a transaction whose other checks passed. Rejects duplicates and a full pool; the caller
   * has checked that the nonce equals {@link #nextNonce}.
   */
  public TxCheck add(Transaction tx) {
    return add(tx, 0);
  }

  /** As {@link #add(Transaction)}, admitted at {@code nowMicros} by the node's clock. */
  public TxCheck add(Transaction tx, long nowMicros) {
    if (byArrival.containsKey(tx.hash())) {
      return TxCheck.rejected(RejectReason.DUPLICATE, "already pending: " + tx.hash().shortHex());
    }
    if (byArrival.size() >= countMax || bytes + tx.sizeBytes() > bytesMax) {
      return TxCheck.rejected(
          RejectReason.MEMPOOL_FULL,
          byArrival.size()
              + " transactions, "
              + bytes
              + " bytes pending; bounds "
              + countMax
              + ", "
              + bytesMax);
    }
    NavigableMap<Long, Transaction> pending =
        bySender.computeIfAbsent(tx.senderAddress(), a -> new TreeMap<>());
    if (!pending.isEmpty() && tx.nonce() != pending.lastKey() + 1) {
      return TxCheck.rejected(
          RejectReason.BAD_NONCE,
          "nonce " + tx.nonce() + " does not follow pending " + pending.lastKey());
    }
    pending.put(tx.nonce(), tx);
    byArrival.put(tx.hash(), tx);
    waiting.put(tx.hash(), new Waiting(nowMicros, nowMicros, 0));
    bytes += tx.sizeBytes();
    return TxCheck.ok();
  }

  /** Up to {@code max} transactions in arrival order, which respects each sender's nonces. */
  public List<Transaction> reap(int max) {
    List<Transaction> out = new ArrayList<>(Math.min(max, byArrival.size()));
    for (Transaction tx : byArrival.values()) {
      if (out.size() >= max) {
        break;
      }
      out.add(tx);
    }
    return out;
  }

  /**
   * Brings the pool up to date after a block: drops what was committed, what the proposer found
   * invalid, and everything whose nonce is now used or no longer follows the account's nonce.
   */
  public void update(List<Transaction> invalid, ToLongFunction<Address> committedNonce) {
    for (Transaction tx : invalid) {
      removeFrom(tx.senderAddress(), tx.nonce());
    }
    Iterator<Map.Entry<Address, NavigableMap<Long, Transaction>>> senders =
        bySender.entrySet().iterator();
    while (senders.hasNext()) {
      Map.Entry<Address, NavigableMap<Long, Transaction>> e = senders.next();
      long next = committedNonce.applyAsLong(e.getKey());
      NavigableMap<Long, Transaction> pending = e.getValue();
      for (Transaction used : new ArrayList<>(pending.headMap(next, false).values())) {
        drop(pending, used);
      }
      if (!pending.isEmpty() && pending.firstKey() != next) {
        removeFrom(e.getKey(), pending.firstKey());
      }
      if (pending.isEmpty()) {
        senders.remove();
      }
    }
  }

  /** Removes the sender's transaction at {@code nonce} and every later one, which now has a gap. */
  private void removeFrom(Address sender, long nonce) {
    NavigableMap<Long, Transaction> pending = bySender.get(sender);
    if (pending == null) {
      return;
    }
    for (Transaction tx : new ArrayList<>(pending.tailMap(nonce, true).values())) {
      drop(pending, tx);
    }
  }

  private void drop(NavigableMap<Long, Transaction> pending, Transaction tx) {
    pending.remove(tx.nonce());
    if (byArrival.remove(tx.hash()) != null) {
      bytes -= tx.sizeBytes();
    }
    waiting.remove(tx.hash());
  }

  /**
   * The transactions due for a rescue, oldest first and at most {@code max}: each has waited {@code
   * afterMicros} since it was admitted, then twice as long after each rescue (at most {@link
   * #RESCUE_DOUBLINGS_MAX} doublings). A due transaction brings its sender's earlier pending ones
   * along, in nonce order, since a peer that lacks them would refuse it for the gap. Each one sent
   * is marked as sent at {@code nowMicros}.
   */
  public Rescue rescue(long nowMicros, long afterMicros, int max) {
    Map<Address, Long> dueUpTo = new HashMap<>();
    for (Transaction tx : byArrival.values()) {
      if (waiting.get(tx.hash()).due(nowMicros, afterMicros)) {
        dueUpTo.merge(tx.senderAddress(), tx.nonce(), Math::max);
      }
    }
    List<Transaction> out = new ArrayList<>();
    long oldest = 0;
    // Arrival order keeps each sender's nonces in order for the peers that receive them.
    for (Transaction tx : byArrival.values()) {
      if (out.size() >= max || dueUpTo.isEmpty()) {
        break;
      }
      Long upTo = dueUpTo.get(tx.senderAddress());
      if (upTo == null || tx.nonce() > upTo) {
        continue;
      }
      Waiting w = waiting.get(tx.hash());
      out.add(tx);
      oldest = Math.max(oldest, nowMicros - w.admittedMicros());
      waiting.put(tx.hash(), new Waiting(w.admittedMicros(), nowMicros, w.rescues() + 1));
    }
    return new Rescue(out, oldest);
  }

  /** When {@code txHash} was admitted here, by the node's clock, if it is pending. */
  public java.util.OptionalLong admittedMicros(Hash txHash) {
    Waiting w = waiting.get(txHash);
    return w == null
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(w.admittedMicros());
  }

  /** The pending transaction with {@code txHash}, if any. */
  public java.util.Optional<Transaction> pending(Hash txHash) {
    return java.util.Optional.ofNullable(byArrival.get(txHash));
  }

  public boolean contains(Hash txHash) {
    return byArrival.containsKey(txHash);
  }

  public int size() {
    return byArrival.size();
  }

  public long sizeBytes() {
    return bytes;
  }
}
