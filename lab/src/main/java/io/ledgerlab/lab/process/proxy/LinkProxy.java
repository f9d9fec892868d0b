package io.ledgerlab.lab.process.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP proxy for one directed link {@code from}→{@code to}: node {@code from} dials {@link
 * #port()} on 127.0.0.1 to reach node {@code to} at {@link #target()}, and the lab breaks the link
 * with {@link #apply(LinkFault)}.
 *
 * <p>A node sends to a peer only over the connection it dialed, so the fault applies to the
 * client→target bytes: they are blocked, stalled, delayed, dropped (the connection is reset) and
 * paced. The target→client bytes (the peer's handshake replies) get the same delay, so a round trip
 * sees the link latency both ways, but they are never stalled, dropped or paced.
 *
 * <p>Memory stays bounded: a slow target stops the proxy reading the client, so back-pressure
 * reaches the sender through TCP. Only a stall holds bytes on purpose, up to 8 MiB per connection,
 * past which the connection is closed.
 *
 * <p>The event loop group must be an NIO group; it is shared, not owned: closing the proxy leaves
 * it running. Thread-safe. {@link #close()} must not be called from an event loop thread.
 */
public final class LinkProxy implements AutoCloseable {
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  /** A snapshot of the proxy's counters. */
  public record Stats(
      long connectionsAccepted,
      long connectionsOpen,
      long connectionsDroppedByFault,
      long targetConnectFailures,
      long connectionErrors,
      long bytesForwarded,
      long bytesReturned) {}

  private final String from;
  private final String to;
  private final InetSocketAddress target;
  private final long seed;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder droppedByFault = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder bytesForwarded = new LongAdder();
  private final LongAdder bytesReturned = new LongAdder();
  private final AtomicReference<Throwable> lastError = new AtomicReference<>();
  private volatile LinkFault fault = LinkFault.NONE;
  private volatile boolean closed;
  private volatile Channel server;

  private LinkProxy(String from, String to, InetSocketAddress target, long seed) {
    this.from = requireName("from", from);
    this.to = requireName("to", to);
    this.target = Objects.requireNonNull(target, "target");
    this.seed = seed;
  }

  /** A proxy on an ephemeral port, its randomness seeded from the link's name. */
  public static LinkProxy open(
      String from, String to, InetSocketAddress target, EventLoopGroup group) {
    return open(from, to, target, 0, group, (from + "→" + to).hashCode());
  }

  /**
   * A proxy listening on 127.0.0.1:{@code listenPort} (0 for an ephemeral port).
   *
   * @param seed decides the jitter and drop draws of every connection
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static LinkProxy open(
      String from,
      String to,
      InetSocketAddress target,
      int listenPort,
      EventLoopGroup group,
      long seed) {
    if (listenPort < 0 || listenPort > 65_535) {
      throw new IllegalArgumentException(
          "listenPort must be in [0, 65535] for link " + from + "→" + to + ", got " + listenPort);
    }
    Objects.requireNonNull(group, "group");
    LinkProxy proxy = new LinkProxy(from, to, target, seed);
    proxy.bind(group, listenPort);
    return proxy;
  }

  private void bind(EventLoopGroup group, int listenPort) {
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    accepted.increment();
                    Connection connection =
                        new Connection(LinkProxy.this, channel, connectionSeed());
                    connections.add(connection);
                    channel.pipeline().addLast(connection.clientHandler());
                  }
                })
            .bind("127.0.0.1", listenPort)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new UncheckedIOException(
          new IOException(
              "cannot listen on 127.0.0.1:" + listenPort + " for link " + from + "→" + to,
              bound.cause()));
    }
    server = bound.channel();
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }

  public InetSocketAddress target() {
    return target;
  }

  /** The port {@code from} dials on 127.0.0.1. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** What {@code from} dials to reach {@code to}. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  public LinkFault fault() {
    return fault;
  }

  /** Takes effect at once on open connections and new ones; a block closes open connections. */
  public void apply(LinkFault fault) {
    Objects.requireNonNull(fault, "fault");
    this.fault = fault;
    for (Connection connection : connections) {
      connection.client().eventLoop().execute(connection::refreshFault);
    }
  }

  public Stats stats() {
    return new Stats(
        accepted.sum(),
        connections.size(),
        droppedByFault.sum(),
        connectFailures.sum(),
        errors.sum(),
        bytesForwarded.sum(),
        bytesReturned.sum());
  }

  /** The last I/O error a connection ended with, for diagnosis; null if none. */
  public Throwable lastError() {
    return lastError.get();
  }

  /** Stops listening and closes every connection; waits up to 5 s for them to close. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ChannelFuture> closing = new ArrayList<>();
    closing.add(server.close());
    for (Connection connection : connections) {
      connection.client().eventLoop().execute(connection::closeNow);
      closing.add(connection.client().closeFuture());
    }
    long deadlineMillis = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
    for (ChannelFuture future : closing) {
      future.awaitUninterruptibly(Math.max(1, deadlineMillis - System.currentTimeMillis()));
    }
  }

  @Override
  public String toString() {
    return from
        + "→"
        + to
        + " (127.0.0.1:"
        + port()
        + " → "
        + target
        + ", "
        + fault.describe()
        + ")";
  }

  boolean isClosed() {
    return closed;
  }

  LongAdder bytesForwardedCounter() {
    return bytesForwarded;
  }

  LongAdder bytesReturnedCounter() {
    return bytesReturned;
  }

  void countDroppedByFault() {
    droppedByFault.increment();
  }

  void countConnectFailure() {
    connectFailures.increment();
  }

  void countError(Throwable cause) {
    errors.increment();
    lastError.set(cause);
  }

  void forget(Connection connection) {
    connections.remove(connection);
  }

  private long connectionSeed() {
    // Distinct, reproducible streams per connection; SplittableRandom mixes the seed itself.
    return seed + accepted.sum() * 0x9E3779B97F4A7C15L;
  }

  private static String requireName(String role, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(role + " node name must not be blank, got " + name);
    }
    return name;
  }
}
