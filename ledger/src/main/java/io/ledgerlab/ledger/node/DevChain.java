package io.ledgerlab.ledger.node;

import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.mempool.Mempool;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.time.Timers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The smallest useful chain: one validator that admits signed transactions into its mempool and, on
 * a timer, orders them into a block, executes and commits it. It runs over the runtime seams and
 * the shared execution path, so consensus later replaces only the block producer.
 *
 * <p>Single-threaded: every method must be called on the node's event loop.
 */
public final class DevChain {
  private final NodeRuntime runtime;
  private final Ledger ledger;
  private final KeyPair validatorKey;
  private final Config config;
  private final Listener listener;
  private final Mempool mempool;
  private Timers.Cancellable nextBlock;
  private boolean running;

  /** How the dev chain produces blocks. */
  public record Config(
      long blockIntervalMicros, boolean emptyBlocks, int mempoolCountMax, long mempoolBytesMax) {
    public static final Config DEFAULT = new Config(200_000, false, 100_000, 64L * 1024 * 1024);

    public Config {
      if (blockIntervalMicros < 1_000) {
        throw new IllegalArgumentException(
            "blockIntervalMicros must be >= 1000, got " + blockIntervalMicros);
      }
    }

    public Config withBlockIntervalMicros(long micros) {
      return new Config(micros, emptyBlocks, mempoolCountMax, mempoolBytesMax);
    }

    public Config withEmptyBlocks(boolean produceEmpty) {
      return new Config(blockIntervalMicros, produceEmpty, mempoolCountMax, mempoolBytesMax);
    }
  }

  /** What the dev chain reports as it goes. */
  public interface Listener {
    /**
     * A block was committed; {@code executeMicros} and {@code commitMicros} are by the node's
     * clock.
     */
    void onCommitted(ExecutedBlock block, long executeMicros, long commitMicros);
  }

  public DevChain(
      NodeRuntime runtime, Ledger ledger, KeyPair validatorKey, Config config, Listener listener) {
    this.runtime = Objects.requireNonNull(runtime);
    this.ledger = Objects.requireNonNull(ledger);
    this.validatorKey = Objects.requireNonNull(validatorKey);
    this.config = Objects.requireNonNull(config);
    this.listener = Objects.requireNonNull(listener);
    this.mempool = new Mempool(config.mempoolCountMax(), config.mempoolBytesMax());
    List<Genesis.Validator> validators = ledger.genesis().validators();
    if (validators.size() != 1 || !validators.get(0).publicKey().equals(validatorKey.publicKey())) {
      throw new IllegalArgumentException(
          "a dev chain needs a genesis with exactly one validator whose key is this node's; genesis has "
              + validators.size());
    }
  }

  public void start() {
    if (!running) {
      running = true;
      scheduleNextBlock();
    }
  }

  public void stop() {
    running = false;
    if (nextBlock != null) {
      nextBlock.cancel();
    }
  }

  /**
   * Admits {@code tx} into the mempool after every check a block would apply, so what is accepted
   * is includable; the verdict names the reason for a rejection.
   */
  public TxCheck submit(Transaction tx) {
    return mempool.admit(tx, ledger);
  }

  /** Produces one block now from what is pending; returns it, or null when nothing was pending. */
  public ExecutedBlock produceBlock() {
    if (mempool.size() == 0 && !config.emptyBlocks()) {
      return null;
    }
    long start = runtime.clock().nowMicros();
    List<Transaction> candidates = mempool.reap(ledger.genesis().params().blockTransactionsMax());
    ExecutedBlock executed =
        ledger
            .executor()
            .propose(
                ledger.chainId(),
                ledger.head(),
                candidates,
                start,
                validatorKey.address(),
                CommitCertificate.EMPTY);
    long executedAt = runtime.clock().nowMicros();
    ledger.commit(executed);
    long committedAt = runtime.clock().nowMicros();
    List<Transaction> invalid = new ArrayList<>();
    for (ExecutedBlock.Dropped d : executed.dropped()) {
      invalid.add(d.tx());
    }
    mempool.update(invalid, address -> ledger.account(address).nonce());
    for (ExecutedBlock.ChainCodeError e : executed.chainCodeErrors()) {
      runtime
          .log()
          .warn(
              "tx.chaincode.error",
              java.util.Map.of(
                  "height", executed.block().height(),
                  "tx", e.txHash().hex(),
                  "chainCode", e.chainCode(),
                  "exception", e.exception()));
    }
    runtime
        .log()
        .info(
            "block.committed",
            java.util.Map.of(
                "height", executed.block().height(),
                "hash", executed.block().hash().hex(),
                "txs", executed.block().transactions().size(),
                "round", 0,
                "via", "devchain",
                "stateRoot", executed.state().root().hex()));
    listener.onCommitted(executed, executedAt - start, committedAt - executedAt);
    return executed;
  }

  public Ledger ledger() {
    return ledger;
  }

  public int pendingTransactions() {
    return mempool.size();
  }

  private void scheduleNextBlock() {
    nextBlock =
        runtime
            .timers()
            .schedule(
                config.blockIntervalMicros(),
                () -> {
                  if (running) {
                    produceBlock();
                    scheduleNextBlock();
                  }
                });
  }
}
