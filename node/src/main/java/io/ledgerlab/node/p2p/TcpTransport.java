package io.ledgerlab.node.p2p;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.net.Transport;
import io.ledgerlab.runtime.real.EventLoop;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real world's transport: TCP between node processes, on Netty.
 *
 * <p>Each node sends to a peer only over the connection it dialed itself, and receives over the
 * connections its peers dialed. A directed link is therefore one TCP connection, so a lab proxy on
 * that connection can cut one direction without touching the other. Every connection starts with an
 * authenticated handshake ({@link Handshake}); frames are length-prefixed and bounded. Like the
 * simulated network, delivery is best effort: a message to a peer that is not connected, or whose
 * connection is backed up, is dropped and counted, and the protocol's retransmission recovers.
 *
 * <p>What arrives is bounded by bytes ({@link InboundBudget}): a connection whose messages wait for
 * the node's loop beyond a high-water mark is not read until the loop catches up, so a fast peer
 * slows itself down rather than growing this node's heap. The marks scale with the heap ({@link
 * InboundBudget.Limits#forHeap}); a frame still being assembled is not charged, so one connection
 * can hold its pause mark plus one frame. A broken frame or an oversized one closes that peer's
 * connection with a {@code p2p.connection.dropped} event naming it and the reason; a well-framed
 * message the node cannot decode is refused and logged ({@code p2p.message.invalid}). An exception
 * that escapes the node's own handling of a decoded message is a bug in the node and stops it (see
 * {@link #deliver}), as the simulator does: a node whose state may be half-updated must not go on.
 */
public final class TcpTransport implements Transport, AutoCloseable {
  /** The largest frame a peer may send after the handshake: a sync batch of large blocks. */
  public static final int FRAME_BYTES_MAX = 32 * 1024 * 1024;

  private static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;
  private static final long REDIAL_MILLIS_MIN = 50;
  private static final long REDIAL_MILLIS_MAX = 250;

  private final String chainId;
  private final KeyPair nodeKey;
  private final InetSocketAddress listen;
  private final Map<String, NodeConfig.Peer> peersByName = new HashMap<>();
  private final Map<PublicKey, String> namesByKey = new HashMap<>();
  private final EventLoop loop;
  private final EventLog log;
  private final EventLoopGroup group;
  private final Map<String, Channel> outbound = new ConcurrentHashMap<>();
  private final Map<String, Long> redialMillis = new ConcurrentHashMap<>();
  private final Set<Channel> inbound = ConcurrentHashMap.newKeySet();
  private final InboundBudget inboundBudget;
  private final AtomicLong dropped = new AtomicLong();
  private volatile Handler handler;
  private volatile boolean closed;
  private Channel server;

  public TcpTransport(
      String chainId,
      KeyPair nodeKey,
      InetSocketAddress listen,
      List<NodeConfig.Peer> peers,
      EventLoop loop,
      EventLog log) {
    this(
        chainId,
        nodeKey,
        listen,
        peers,
        loop,
        log,
        InboundBudget.Limits.forHeap(Runtime.getRuntime().maxMemory()));
  }

  /** With other inbound limits than the defaults: for tests that want to reach them quickly. */
  TcpTransport(
      String chainId,
      KeyPair nodeKey,
      InetSocketAddress listen,
      List<NodeConfig.Peer> peers,
      EventLoop loop,
      EventLog log,
      InboundBudget.Limits inboundLimits) {
    this.chainId = chainId;
    this.nodeKey = nodeKey;
    this.listen = listen;
    for (NodeConfig.Peer p : peers) {
      peersByName.put(p.name(), p);
      namesByKey.put(p.nodeKey(), p.name());
    }
    this.loop = loop;
    this.log = log;
    this.inboundBudget = new InboundBudget(inboundLimits, log);
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  /**
   * Listens and starts dialing every peer.
   *
   * @throws P2pException when the listen address cannot be bound (for example, the port is in use)
   */
  public void start() throws P2pException {
    ServerBootstrap server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer(null));
    ChannelFuture bound = server.bind(listen).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new P2pException(
          "cannot listen for peers on "
              + listen.getHostString()
              + ":"
              + listen.getPort()
              + ": "
              + bound.cause().getMessage(),
          bound.cause());
    }
    this.server = bound.channel();
    for (String peer : peersByName.keySet()) {
      dial(peer);
    }
  }

  @Override
  public void send(NodeId peer, byte[] message) {
    Channel channel = outbound.get(peer.name());
    if (channel == null || !channel.isWritable()) {
      dropped.incrementAndGet();
      return;
    }
    channel.writeAndFlush(Unpooled.wrappedBuffer(message), channel.voidPromise());
  }

  @Override
  public void bind(Handler handler) {
    this.handler = handler;
  }

  /** The peers this node can currently send to. */
  public Set<String> connectedPeers() {
    return new TreeSet<>(outbound.keySet());
  }

  /**
   * Messages dropped: outbound because the peer was not connected or was backed up, inbound because
   * the bytes waiting for the loop were at their hard maximum ({@link #inboundDroppedMessages()}).
   */
  public long droppedMessages() {
    return dropped.get() + inboundBudget.drops();
  }

  /** Inbound messages dropped because the bytes waiting for the loop were at their maximum. */
  public long inboundDroppedMessages() {
    return inboundBudget.drops();
  }

  /** Bytes of peers' messages (with a small per-message overhead) waiting for the node's loop. */
  public long inboundPendingBytes() {
    return inboundBudget.pendingBytes();
  }

  /** How many times a peer's connection stopped being read because too much of it was waiting. */
  public long readPauses() {
    return inboundBudget.pauses();
  }

  /** Connections not being read right now. */
  int pausedConnections() {
    return inboundBudget.pausedReaders();
  }

  @Override
  public void close() {
    closed = true;
    if (server != null) {
      server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    // Close every connection first, so peers see it go down now rather than at their timeout.
    List<Channel> open = new ArrayList<>(outbound.values());
    open.addAll(inbound);
    for (Channel c : open) {
      c.close().awaitUninterruptibly(500, TimeUnit.MILLISECONDS);
    }
    group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2_000);
  }

  // ---- Connections ----------------------------------------------------------------------------

  /**
   * @param expectedPeer the peer we dialed, or null for an inbound connection
   */
  private ChannelInitializer<SocketChannel> initializer(String expectedPeer) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline()
            .addLast(
                "frames", new LengthFieldBasedFrameDecoder(Handshake.FRAME_BYTES_MAX, 0, 4, 0, 4))
            .addLast("prepend", new LengthFieldPrepender(4))
            .addLast(
                "handshake",
                new HandshakeHandler(
                    TcpTransport.this,
                    expectedPeer == null ? null : peersByName.get(expectedPeer).nodeKey()));
        ch.eventLoop()
            .schedule(
                () -> {
                  if (ch.pipeline().get("handshake") != null && ch.isActive()) {
                    handshakeFailed(ch, "no handshake within " + HANDSHAKE_TIMEOUT_MILLIS + " ms");
                  }
                },
                HANDSHAKE_TIMEOUT_MILLIS,
                TimeUnit.MILLISECONDS);
      }
    };
  }

  private void dial(String peer) {
    if (closed) {
      return;
    }
    NodeConfig.Peer p = peersByName.get(peer);
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
        .option(
            ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(4 * 1024 * 1024, 16 * 1024 * 1024))
        .handler(initializer(peer))
        .connect(p.address())
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                redial(peer);
              } else {
                f.channel().closeFuture().addListener(c -> onOutboundClosed(peer, f.channel()));
              }
            });
  }

  private void redial(String peer) {
    if (closed) {
      return;
    }
    group.schedule(() -> dial(peer), redialDelayMillis(peer), TimeUnit.MILLISECONDS);
  }

  /**
   * Doubles per failed attempt up to a cap that grows with the number of peers, with jitter: 64
   * validators starting together on two cores redialled 4,032 links every 250 ms in step, and the
   * storm of half-done handshakes kept every one of them from finishing (bench/scale-64.sh: 91,518
   * handshake time-outs in 3 minutes, no block). A small network keeps its quick reconnect.
   */
  private long redialDelayMillis(String peer) {
    long cap = Math.max(REDIAL_MILLIS_MAX, REDIAL_MILLIS_MAX * peersByName.size() / 8);
    long base = redialMillis.merge(peer, REDIAL_MILLIS_MIN, (a, b) -> Math.min(a * 2, cap));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private void onOutboundClosed(String peer, Channel channel) {
    if (outbound.remove(peer, channel)) {
      log.info("p2p.peer.down", Map.of("peer", peer, "direction", "out"));
      Handler h = handler;
      if (h != null && !closed) {
        loop.execute(() -> h.onPeerDown(new NodeId(peer)));
      }
    }
    redial(peer);
  }

  // ---- Called by the handlers -----------------------------------------------------------------

  String chainId() {
    return chainId;
  }

  KeyPair nodeKey() {
    return nodeKey;
  }

  /** The name of the peer holding {@code key}, or null when this node does not know it. */
  String peerName(PublicKey key) {
    return namesByKey.get(key);
  }

  void authenticated(Channel channel, String peer, boolean dialed) {
    if (dialed) {
      redialMillis.remove(peer);
      Channel previous = outbound.put(peer, channel);
      if (previous != null && previous != channel) {
        previous.close();
      }
      Handler h = handler;
      if (h != null) {
        loop.execute(() -> h.onPeerUp(new NodeId(peer)));
      }
    } else {
      inbound.add(channel);
      channel.closeFuture().addListener(f -> inbound.remove(channel));
    }
    log.info(
        "p2p.peer.up",
        Map.of("peer", peer, "direction", dialed ? "out" : "in", "remote", remote(channel)));
  }

  /** The inbound share of an authenticated connection, for its {@link MessageHandler}. */
  InboundBudget.Reader reader(Channel channel, String peer) {
    return inboundBudget.reader(channel, peer);
  }

  /**
   * Hands a peer's message to the node's loop, charged to its connection until handled.
   *
   * <p>What a peer can get wrong is refused before or inside the node without an exception: frames
   * here (the connection closes), messages by the node's strict decoding (a typed error, logged as
   * {@code p2p.message.invalid}; fuzz-tested). An exception that escapes the node's handler is
   * therefore a bug in the node, and stops its loop like any other task's: a node whose state may
   * be half-updated must not go on, and the simulator, whose node code is the same, stops it too
   * (the {@code crash} canary relies on both).
   */
  void deliver(InboundBudget.Reader reader, String peer, byte[] message) {
    Handler h = handler;
    long bytes = InboundBudget.charge(message.length);
    if (h == null || !inboundBudget.admit(reader, bytes)) {
      if (h == null) {
        dropped.incrementAndGet();
      }
      return;
    }
    NodeId from = new NodeId(peer);
    Runnable task =
        () -> {
          try {
            h.onMessage(from, message);
          } finally {
            inboundBudget.release(reader, bytes);
          }
        };
    try {
      loop.execute(task);
    } catch (RuntimeException e) {
      // The loop has stopped (the node is going down): the message will never be handled.
      inboundBudget.release(reader, bytes);
      throw e;
    }
  }

  void handshakeFailed(Channel channel, String reason) {
    log.warn("p2p.handshake.failed", Map.of("remote", remote(channel), "reason", reason));
    channel.close();
  }

  void connectionFailed(Channel channel, String peer, String reason) {
    log.warn(
        "p2p.connection.dropped",
        Map.of("peer", peer == null ? "" : peer, "remote", remote(channel), "reason", reason));
    channel.close();
  }

  private static String remote(Channel channel) {
    return channel.remoteAddress() instanceof InetSocketAddress a
        ? a.getHostString() + ":" + a.getPort()
        : String.valueOf(channel.remoteAddress());
  }
}
