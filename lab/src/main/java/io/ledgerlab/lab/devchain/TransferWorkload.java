package io.ledgerlab.lab.devchain;

import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Signed transfers between generated accounts, with a known share of operations built to fail:
 * overdrawing token calls (a failed receipt), and replays, forged signatures and overdrawing
 * transfers (rejected at admission). Each operation carries what should happen to it, so a run can
 * check the chain did exactly that. Deterministic for a seed.
 */
public final class TransferWorkload {
  /** One generated operation and its expected fate. */
  public record Op(Transaction tx, Expected expected) {}

  private final String chainId;
  private final List<KeyPair> accounts;
  private final long[] nonces;
  private final long supply;
  private final double failingShare;
  private final SplittableRandom random;
  private final List<Transaction> committedSamples = new ArrayList<>();

  /**
   * @param failingShare the fraction of operations built to fail, in [0, 1)
   * @param supply the total supply: an amount above it can never be paid
   */
  public TransferWorkload(
      String chainId, List<KeyPair> accounts, long supply, double failingShare, long seed) {
    if (accounts.size() < 2) {
      throw new IllegalArgumentException("a transfer workload needs at least 2 accounts");
    }
    if (failingShare < 0 || failingShare >= 1) {
      throw new IllegalArgumentException("failingShare must be in [0, 1), got " + failingShare);
    }
    this.chainId = chainId;
    this.accounts = List.copyOf(accounts);
    this.nonces = new long[accounts.size()];
    this.supply = supply;
    this.failingShare = failingShare;
    this.random = new SplittableRandom(seed);
  }

  /** The next {@code count} operations, signed ahead of sending. */
  public List<Op> next(int count) {
    List<Op> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ops.add(random.nextDouble() < failingShare ? failing() : transfer());
    }
    // Replays draw only on earlier batches, which the caller lets commit before asking again.
    for (Op op : ops) {
      if (op.expected() == Expected.COMMITTED && committedSamples.size() < 1_000) {
        committedSamples.add(op.tx());
      }
    }
    return ops;
  }

  private Op transfer() {
    int from = random.nextInt(accounts.size());
    int to = otherThan(from);
    Transaction tx =
        sign(
            from,
            nonces[from]++,
            new Payload.Transfer(accounts.get(to).address(), 1 + random.nextInt(100)));
    return new Op(tx, Expected.COMMITTED);
  }

  private Op failing() {
    int from = random.nextInt(accounts.size());
    int to = otherThan(from);
    int kind = random.nextInt(committedSamples.isEmpty() ? 3 : 4);
    switch (kind) {
      case 0:
        byte[] args = TokenChainCode.transferArgs(accounts.get(to).address(), supply + 1);
        return new Op(
            sign(
                from,
                nonces[from]++,
                new Payload.Call(TokenChainCode.NAME, 1, TokenChainCode.TRANSFER, args)),
            Expected.FAILED_RECEIPT);
      case 1:
        return new Op(
            sign(from, nonces[from], new Payload.Transfer(accounts.get(to).address(), supply + 1)),
            Expected.rejected(RejectReason.INSUFFICIENT_BALANCE));
      case 2:
        return new Op(forged(from, to), Expected.rejected(RejectReason.BAD_SIGNATURE));
      default:
        Transaction replay = committedSamples.get(random.nextInt(committedSamples.size()));
        return new Op(replay, Expected.rejected(RejectReason.BAD_NONCE));
    }
  }

  /** A transfer from {@code from} signed with another account's key. */
  private Transaction forged(int from, int to) {
    Transaction honest =
        sign(from, nonces[from], new Payload.Transfer(accounts.get(to).address(), 1));
    Transaction other = sign(to, 0, new Payload.Transfer(accounts.get(from).address(), 1));
    byte[] bytes = honest.encoded();
    byte[] sig = other.signature().bytes();
    System.arraycopy(sig, 0, bytes, bytes.length - sig.length, sig.length);
    try {
      return Transaction.decode(bytes);
    } catch (io.ledgerlab.ledger.codec.DecodeException e) {
      throw new IllegalStateException("re-signed transaction must decode", e);
    }
  }

  private int otherThan(int from) {
    int to = random.nextInt(accounts.size() - 1);
    return to >= from ? to + 1 : to;
  }

  private Transaction sign(int from, long nonce, Payload payload) {
    return Transaction.sign(chainId, accounts.get(from), nonce, payload);
  }
}
