package io.ledgerlab.lab.process.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One byte direction of a proxied connection: a FIFO of chunks, each due at its arrival plus the
 * link delay, released in order, paced by the bandwidth limit and held while the link is stalled.
 *
 * <p>Confined to the connection's event loop. Memory is bounded: past {@link #QUEUED_BYTES_HIGH}
 * the source stops being read until the queue falls to {@link #QUEUED_BYTES_LOW}, and the
 * destination is written only while it is writable. While stalled the source is read on, up to
 * {@link #HELD_BYTES_LIMIT}, so a stall looks like a black hole to the sender rather than like
 * back-pressure.
 */
final class Forwarder {
  static final int HELD_BYTES_LIMIT = 8 << 20;
  static final int QUEUED_BYTES_HIGH = 1 << 20;
  static final int QUEUED_BYTES_LOW = 256 << 10;

  /** Pacing granularity: a bandwidth-limited chunk is split into pieces of 1/20 s of traffic. */
  private static final int PACING_SLICES_PER_SECOND = 20;

  private record Chunk(ByteBuf bytes, long dueNanos) {}

  private final Connection connection;
  private final Channel source;
  private final Channel destination;
  private final boolean faulted;
  private final LongAdder bytesCounter;
  private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
  private long queuedBytes;
  private long lastDueNanos;
  private long bandwidthFreeAtNanos;
  private ScheduledFuture<?> pendingDrain;
  private boolean sourceClosed;
  private boolean finished;

  /**
   * @param faulted whether stall, drop and bandwidth apply to this direction; latency always does
   */
  Forwarder(
      Connection connection,
      Channel source,
      Channel destination,
      boolean faulted,
      LongAdder bytesCounter) {
    this.connection = connection;
    this.source = source;
    this.destination = destination;
    this.faulted = faulted;
    this.bytesCounter = bytesCounter;
    this.lastDueNanos = System.nanoTime();
    this.bandwidthFreeAtNanos = lastDueNanos;
  }

  /** A chunk read from the source. Takes ownership of {@code bytes}. */
  void onData(ByteBuf bytes) {
    LinkFault fault = connection.fault();
    if (finished) {
      bytes.release();
      return;
    }
    if (faulted && fault.blocked()) {
      // Applied a moment ago; the connection's refresh has not closed it yet.
      bytes.release();
      connection.closeByFault();
      return;
    }
    if (faulted && fault.drawDrop(connection.random())) {
      bytes.release();
      connection.resetByFault();
      return;
    }
    if (faulted && fault.stalled() && queuedBytes + bytes.readableBytes() > HELD_BYTES_LIMIT) {
      bytes.release();
      connection.closeByFault();
      return;
    }
    long delayNanos = TimeUnit.MICROSECONDS.toNanos(fault.drawDelayMicros(connection.random()));
    // TCP never reorders: a chunk is due no earlier than the one before it.
    long dueNanos = Math.max(lastDueNanos, System.nanoTime() + delayNanos);
    lastDueNanos = dueNanos;
    queue.add(new Chunk(bytes, dueNanos));
    queuedBytes += bytes.readableBytes();
    if (pendingDrain == null) {
      drain();
    } else {
      updateAutoRead();
    }
  }

  /** Delivers every chunk that is due, then schedules itself for the next one. */
  void drain() {
    if (pendingDrain != null) {
      pendingDrain.cancel(false);
      pendingDrain = null;
    }
    if (finished) {
      return;
    }
    LinkFault fault = connection.fault();
    long nowNanos = System.nanoTime();
    boolean wrote = false;
    boolean held = faulted && (fault.stalled() || fault.blocked());
    while (!queue.isEmpty() && !held && destination.isWritable()) {
      Chunk head = queue.peek();
      long readyNanos =
          paced(fault) ? Math.max(head.dueNanos(), bandwidthFreeAtNanos) : head.dueNanos();
      if (readyNanos > nowNanos) {
        pendingDrain =
            destination
                .eventLoop()
                .schedule(this::drain, readyNanos - nowNanos, TimeUnit.NANOSECONDS);
        break;
      }
      ByteBuf piece = takePiece(head, fault);
      bytesCounter.add(piece.readableBytes());
      destination.write(piece, destination.voidPromise());
      wrote = true;
    }
    if (wrote) {
      destination.flush();
    }
    if (queue.isEmpty() && sourceClosed) {
      finished = true;
      destination.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    updateAutoRead();
  }

  /** The source has closed: deliver what is queued, then close the destination. */
  void onSourceClosed() {
    sourceClosed = true;
    drain();
  }

  /** Nothing more can be delivered: drop what is queued. */
  void discard() {
    finished = true;
    if (pendingDrain != null) {
      pendingDrain.cancel(false);
      pendingDrain = null;
    }
    for (Chunk chunk : queue) {
      chunk.bytes().release();
    }
    queue.clear();
    queuedBytes = 0;
  }

  private boolean paced(LinkFault fault) {
    return faulted && fault.bandwidthBytesPerSecond() > 0;
  }

  /** The head chunk, or at a bandwidth limit its next slice, charged to the pacing clock. */
  private ByteBuf takePiece(Chunk head, LinkFault fault) {
    ByteBuf piece;
    if (!paced(fault)) {
      piece = queue.remove().bytes();
    } else {
      long rate = fault.bandwidthBytesPerSecond();
      long sliceBytes = Math.max(1, rate / PACING_SLICES_PER_SECOND);
      if (head.bytes().readableBytes() <= sliceBytes) {
        piece = queue.remove().bytes();
      } else {
        piece = head.bytes().readRetainedSlice((int) sliceBytes);
      }
      long costNanos = piece.readableBytes() * 1_000_000_000L / rate;
      bandwidthFreeAtNanos = Math.max(bandwidthFreeAtNanos, System.nanoTime()) + costNanos;
    }
    queuedBytes -= piece.readableBytes();
    return piece;
  }

  private void updateAutoRead() {
    if (sourceClosed || !source.isActive()) {
      return;
    }
    boolean reading = source.config().isAutoRead();
    boolean holding = faulted && connection.fault().stalled();
    if (holding || (!reading && queuedBytes <= QUEUED_BYTES_LOW)) {
      setAutoRead(true);
    } else if (reading && queuedBytes >= QUEUED_BYTES_HIGH) {
      setAutoRead(false);
    }
  }

  private void setAutoRead(boolean autoRead) {
    if (source.config().isAutoRead() != autoRead) {
      source.config().setAutoRead(autoRead);
    }
  }
}
