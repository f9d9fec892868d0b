package io.ledgerlab.lab.load;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.ledger.crypto.Hash;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows the chain as it grows, on whichever node answers, and tells the generator which of its
 * transactions each new block holds. The time a block is first seen is its transactions' commit
 * time, so commit latency includes the short polling delay ({@code pollMillis}).
 */
public final class BlockFollower implements AutoCloseable {
  private static final int BATCH = 20;

  private final Cluster cluster;
  private final LoadGenerator generator;
  private final long pollMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile long height;

  public BlockFollower(Cluster cluster, LoadGenerator generator, long pollMillis) {
    this.cluster = cluster;
    this.generator = generator;
    this.pollMillis = pollMillis;
    this.thread = new Thread(this::follow, "block-follower");
    thread.setDaemon(true);
  }

  public BlockFollower start() {
    thread.start();
    return this;
  }

  /** The highest height seen so far. */
  public long height() {
    return height;
  }

  private void follow() {
    int node = 0;
    while (running.get()) {
      node = cluster.route(node);
      NodeClient client = cluster.client(node);
      try {
        long head = client.head().height();
        while (height < head && running.get()) {
          List<List<Hash>> blocks =
              client.blockTxs(height + 1, (int) Math.min(BATCH, head - height));
          if (blocks.isEmpty()) {
            break;
          }
          long seen = System.nanoTime();
          for (List<Hash> txs : blocks) {
            String where = "height " + (height + 1) + " seen on " + client.node();
            for (Hash tx : txs) {
              generator.committed(tx, seen, where);
            }
            height++;
          }
        }
      } catch (RpcException e) {
        cluster.markDown(node);
        node = (node + 1) % cluster.size();
      }
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
