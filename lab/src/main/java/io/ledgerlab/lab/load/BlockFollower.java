package io.ledgerlab.lab.load;

import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import java.util.List;

/**
 * Follows the chain as it grows, on whichever node answers, and tells the generator which of its
 * transactions each new block holds. The time a block is first seen is its transactions' commit
 * time, so commit latency includes the polling delay ({@code pollMicros}) — on every engine alike.
 */
public final class BlockFollower implements AutoCloseable {
  private static final int BATCH = 20;

  private final Cluster cluster;
  private final LoadGenerator generator;
  private final Timeline timeline;
  private final long pollMicros;
  private volatile boolean running = true;
  private long height;
  private int node;
  private int lastNode = -1;
  private long lastHead = -1;

  public BlockFollower(
      Cluster cluster, LoadGenerator generator, Timeline timeline, long pollMicros) {
    this.cluster = cluster;
    this.generator = generator;
    this.timeline = timeline;
    this.pollMicros = pollMicros;
  }

  public BlockFollower start() {
    timeline.after(0, this::poll);
    return this;
  }

  /** The highest height seen so far. */
  public synchronized long height() {
    return height;
  }

  private void poll() {
    if (!running) {
      return;
    }
    synchronized (this) {
      node = cluster.route(node);
      ChainClient client = cluster.client(node);
      try {
        long head = client.head().height();
        if (node == lastNode && head < lastHead) {
          // The node's chain went back (it forgot blocks on a restart): read it again from its
          // start, so that what it commits anew is seen. What it lost, durability names.
          height = 0;
        }
        lastNode = node;
        lastHead = head;
        while (height < head && running) {
          List<List<String>> blocks =
              client.blockTxIds(height + 1, (int) Math.min(BATCH, head - height));
          if (blocks.isEmpty()) {
            break;
          }
          long seen = timeline.nowMicros();
          for (List<String> txs : blocks) {
            String where = "height " + (height + 1) + " seen on " + client.node();
            for (String tx : txs) {
              generator.committed(tx, seen, where);
            }
            height++;
          }
        }
      } catch (ClientException e) {
        cluster.markDown(node);
        node = (node + 1) % cluster.size();
      }
    }
    if (running) {
      timeline.after(pollMicros, this::poll);
    }
  }

  @Override
  public void close() {
    running = false;
  }
}
