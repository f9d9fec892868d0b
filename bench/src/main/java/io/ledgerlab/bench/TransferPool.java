package io.ledgerlab.bench;

import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Blocks of signed transfers, made ahead of the measurement so signing is never timed. Senders take
 * turns in a fixed order and each carries its own nonce sequence, so the blocks are valid when
 * committed one after another from genesis.
 */
final class TransferPool {
  private final String chainId;
  private final List<KeyPair> keys;
  private final Address[] addresses;
  private final long[] nextNonce;
  private final int transfersPerBlock;
  private final SplittableRandom random = new SplittableRandom(20_240_101L);
  private final List<List<Transaction>> blocks = new ArrayList<>();
  private int nextSender;

  TransferPool(String chainId, List<KeyPair> keys, int transfersPerBlock) {
    if (keys.size() < 2) {
      throw new IllegalArgumentException("transfers need at least 2 accounts, got " + keys.size());
    }
    this.chainId = chainId;
    this.keys = keys;
    this.transfersPerBlock = transfersPerBlock;
    this.nextNonce = new long[keys.size()];
    this.addresses = new Address[keys.size()];
    for (int i = 0; i < addresses.length; i++) {
      addresses[i] = keys.get(i).address();
    }
  }

  /** Signs more blocks until there are {@code blockCount}. */
  void growTo(int blockCount) {
    while (blocks.size() < blockCount) {
      blocks.add(signBlock());
    }
  }

  int size() {
    return blocks.size();
  }

  List<Transaction> block(int index) {
    return blocks.get(index);
  }

  /**
   * How many consecutive blocks have no sender in common. Any run of that many blocks is valid on
   * the head just before it: each sender's previous transfer lies below that head.
   */
  int blocksWithoutRepeatedSender() {
    return keys.size() / transfersPerBlock;
  }

  /**
   * The next block: who pays whom is drawn in order, so the blocks are the same on every run; the
   * signing, which is what takes the time, then runs on every core.
   */
  private List<Transaction> signBlock() {
    int n = keys.size();
    int[] from = new int[transfersPerBlock];
    int[] to = new int[transfersPerBlock];
    long[] nonce = new long[transfersPerBlock];
    for (int i = 0; i < transfersPerBlock; i++) {
      from[i] = nextSender;
      nextSender = (nextSender + 1) % n;
      // Never to oneself: a self-transfer skips the balance writes and would flatter the figure.
      to[i] = (from[i] + 1 + random.nextInt(n - 1)) % n;
      nonce[i] = nextNonce[from[i]]++;
    }
    Transaction[] txs = new Transaction[transfersPerBlock];
    IntStream.range(0, transfersPerBlock)
        .parallel()
        .forEach(
            i ->
                txs[i] =
                    Transaction.sign(
                        chainId,
                        keys.get(from[i]),
                        nonce[i],
                        new Payload.Transfer(addresses[to[i]], 1)));
    return List.of(txs);
  }
}
