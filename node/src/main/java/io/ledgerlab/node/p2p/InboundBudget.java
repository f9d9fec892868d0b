package io.ledgerlab.node.p2p;

import io.ledgerlab.runtime.log.EventLog;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes peers' messages hold while they wait for the node's event loop, per connection and in
 * total. A connection whose waiting bytes pass its high-water mark, or any connection while the
 * total passes its own, stops being read (Netty's auto-read off) until the loop has worked them
 * down below the low-water marks; TCP's window then pushes back on the sender, whose own writes
 * back up and are dropped there. So a fast peer costs this node at most a bounded amount of heap,
 * whatever it sends. Only when the total passes its hard maximum (a frame can be up to {@link
 * TcpTransport#FRAME_BYTES_MAX}) is a message dropped here, and counted.
 *
 * <p>Admissions and pauses happen on the connection's Netty thread; releases on the node's loop.
 * Pausing and resuming a connection both run on its Netty thread, so they cannot cross.
 */
final class InboundBudget {
  /**
   * Per-message bytes beyond its payload (the array's header, the loop's task and queue entry), so
   * a flood of empty messages costs something too.
   */
  static final int MESSAGE_OVERHEAD_BYTES = 96;

  /**
   * The marks, in bytes charged (payload plus {@link #MESSAGE_OVERHEAD_BYTES} per message).
   *
   * @param peerPauseBytes a connection stops being read above this
   * @param peerResumeBytes and is read again at or below this (when the total allows)
   * @param totalPauseBytes every connection that delivers stops being read above this
   * @param totalResumeBytes paused connections are read again at or below this
   * @param totalBytesMax a message that would take the total above this is dropped
   */
  record Limits(
      long peerPauseBytes,
      long peerResumeBytes,
      long totalPauseBytes,
      long totalResumeBytes,
      long totalBytesMax) {
    static final Limits DEFAULT =
        new Limits(
            4L << 20, 1L << 20, 32L << 20, 8L << 20, (32L << 20) + TcpTransport.FRAME_BYTES_MAX);

    /**
     * {@link #DEFAULT}, with the marks scaled down to what a heap of {@code maxHeapBytes} can hold
     * beside the node's own data: the total pause mark at most an eighth of the heap (a node
     * started with -Xmx96m pauses at 12 MiB, not 32). The hard maximum keeps room for one largest
     * frame, the sync batch a node catching up needs.
     */
    static Limits forHeap(long maxHeapBytes) {
      long totalPause = Math.max(1L << 20, Math.min(DEFAULT.totalPauseBytes(), maxHeapBytes / 8));
      long peerPause = Math.min(DEFAULT.peerPauseBytes(), totalPause / 2);
      return new Limits(
          peerPause,
          peerPause / 4,
          totalPause,
          totalPause / 4,
          totalPause + TcpTransport.FRAME_BYTES_MAX);
    }

    Limits {
      if (peerResumeBytes < 0
          || peerResumeBytes >= peerPauseBytes
          || totalResumeBytes < 0
          || totalResumeBytes >= totalPauseBytes
          || totalPauseBytes > totalBytesMax) {
        throw new IllegalArgumentException(
            "inbound limits need 0 <= resume < pause for a peer and in total, and total pause <="
                + " max: "
                + this);
      }
    }
  }

  /** One connection's share. */
  final class Reader {
    private final Channel channel;
    private final String peer;
    private final AtomicLong pendingBytes = new AtomicLong();

    private Reader(Channel channel, String peer) {
      this.channel = channel;
      this.peer = peer;
    }

    long pendingBytes() {
      return pendingBytes.get();
    }
  }

  private final Limits limits;
  private final EventLog log;
  private final AtomicLong totalBytes = new AtomicLong();
  private final Set<Reader> paused = ConcurrentHashMap.newKeySet();
  private final AtomicLong pauses = new AtomicLong();
  private final AtomicLong drops = new AtomicLong();

  InboundBudget(Limits limits, EventLog log) {
    this.limits = limits;
    this.log = log;
  }

  Reader reader(Channel channel, String peer) {
    Reader reader = new Reader(channel, peer);
    channel.closeFuture().addListener(f -> paused.remove(reader));
    return reader;
  }

  /** The bytes a message of {@code payloadBytes} is charged. */
  static long charge(int payloadBytes) {
    return (long) payloadBytes + MESSAGE_OVERHEAD_BYTES;
  }

  /**
   * Charges a message to {@code reader}, pausing its reads when a mark is passed; on its Netty
   * thread.
   *
   * @return false when the message must be dropped: the total would pass its maximum
   */
  boolean admit(Reader reader, long bytes) {
    long total = totalBytes.addAndGet(bytes);
    if (total > limits.totalBytesMax()) {
      totalBytes.addAndGet(-bytes);
      drops.incrementAndGet();
      pause(reader, total - bytes);
      return false;
    }
    long own = reader.pendingBytes.addAndGet(bytes);
    if (own > limits.peerPauseBytes() || total > limits.totalPauseBytes()) {
      pause(reader, total);
    }
    return true;
  }

  /** Gives back what a message was charged once the loop has handled it; on the node's loop. */
  void release(Reader reader, long bytes) {
    reader.pendingBytes.addAndGet(-bytes);
    long total = totalBytes.addAndGet(-bytes);
    if (total > limits.totalResumeBytes() || paused.isEmpty()) {
      return;
    }
    for (Reader p : paused) {
      if (p.pendingBytes.get() <= limits.peerResumeBytes()) {
        p.channel.eventLoop().execute(() -> resume(p));
      }
    }
  }

  private void pause(Reader reader, long total) {
    if (!paused.add(reader)) {
      return;
    }
    reader.channel.config().setAutoRead(false);
    pauses.incrementAndGet();
    log.debug(
        "p2p.reads.paused",
        Map.of(
            "peer",
            reader.peer,
            "pendingBytes",
            reader.pendingBytes.get(),
            "totalPendingBytes",
            total));
    // The loop may have handled everything between the charge and the pause, and a release that
    // saw no paused reader asks for no resume: look again now that this one is in the set.
    resume(reader);
  }

  private void resume(Reader reader) {
    // Checked again here: more may have been charged since the release that asked for this.
    if (reader.pendingBytes.get() > limits.peerResumeBytes()
        || totalBytes.get() > limits.totalResumeBytes()
        || !paused.remove(reader)) {
      return;
    }
    reader.channel.config().setAutoRead(true);
    log.debug(
        "p2p.reads.resumed",
        Map.of("peer", reader.peer, "pendingBytes", reader.pendingBytes.get()));
  }

  /** Bytes charged to messages that wait for the node's loop. */
  long pendingBytes() {
    return totalBytes.get();
  }

  /** How many times a connection's reads were paused. */
  long pauses() {
    return pauses.get();
  }

  /** Messages dropped because the total would have passed its maximum. */
  long drops() {
    return drops.get();
  }

  /** Connections whose reads are paused now. */
  int pausedReaders() {
    return paused.size();
  }
}
