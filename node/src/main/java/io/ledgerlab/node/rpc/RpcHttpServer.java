package io.ledgerlab.node.rpc;

import io.ledgerlab.node.metrics.NodeMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The node's HTTP endpoint: JSON-RPC 2.0 on {@code POST /}, Prometheus metrics on {@code GET
 * /metrics}, and {@code GET /health} (200 when healthy, 503 when not) for supervisors and load
 * balancers. Everything a client can send gets an answer, never a crash.
 *
 * <p>No client can starve the others ({@link RpcLimits}): the I/O thread only reads and writes and
 * never waits; a request is read under deadlines (headers, body, idle keep-alive) and byte bounds,
 * and only a whole request reaches the workers, whose queue is bounded (past it: 503 at once).
 * Connections are bounded in all and per client address.
 */
public final class RpcHttpServer implements AutoCloseable {
  /** The largest request body accepted. */
  public static final int BODY_BYTES_MAX = 1024 * 1024;

  /** The most of a too-large body read and dropped before the connection is just closed. */
  static final long DRAIN_BYTES_MAX = 64L * 1024 * 1024;

  private static final byte[] NOT_FOUND =
      "POST / for JSON-RPC 2.0, GET /metrics, GET /health\n".getBytes(StandardCharsets.UTF_8);

  private final RpcLimits limits;
  private final JsonRpc rpc;
  private final NodeMetrics metrics;
  private final BooleanSupplier healthy;
  private final EventLoopGroup group;
  private final ThreadPoolExecutor workers;
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<InetAddress, Integer> connectionsByAddress = new ConcurrentHashMap<>();
  private final AtomicLong bufferedBodyBytes = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  private Channel server;

  private RpcHttpServer(
      RpcLimits limits, JsonRpc rpc, NodeMetrics metrics, BooleanSupplier healthy) {
    this.limits = limits;
    this.rpc = rpc;
    this.metrics = metrics;
    this.healthy = healthy;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("rpc-io", true), NioIoHandler.newFactory());
    this.workers =
        new ThreadPoolExecutor(
            limits.workers(),
            limits.workers(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(limits.queuedRequestsMax()),
            r -> {
              Thread t = new Thread(r, "rpc");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Binds {@code address} with the node's {@link RpcLimits#defaults() limits}; the server does not
   * answer until {@link #start()}.
   *
   * @throws IOException when the address cannot be bound, for example the port is in use
   */
  public static RpcHttpServer bind(
      InetSocketAddress address, JsonRpc rpc, NodeMetrics metrics, BooleanSupplier healthy)
      throws IOException {
    return bind(address, rpc, metrics, healthy, RpcLimits.defaults());
  }

  /**
   * Binds {@code address} with the given limits; the server does not answer until {@link #start()}.
   *
   * @throws IOException when the address cannot be bound, for example the port is in use
   */
  public static RpcHttpServer bind(
      InetSocketAddress address,
      JsonRpc rpc,
      NodeMetrics metrics,
      BooleanSupplier healthy,
      RpcLimits limits)
      throws IOException {
    RpcHttpServer s = new RpcHttpServer(limits, rpc, metrics, healthy);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(s.group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            // Accept nothing until start(): connections wait in the backlog.
            .option(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(s.initializer());
    ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      s.close();
      throw new IOException(bound.cause().getMessage(), bound.cause());
    }
    s.server = bound.channel();
    return s;
  }

  public void start() {
    server.config().setAutoRead(true);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Connections closed at once because there were too many, in all or from their address. */
  public long refusedConnections() {
    return refused.get();
  }

  /** Connections closed because a client was too slow to send a request or idle too long. */
  public long timedOutConnections() {
    return timedOut.get();
  }

  /** Connections open now. */
  public int openConnections() {
    return open.size();
  }

  /** Requests waiting for a worker now. */
  int queuedRequests() {
    return workers.getQueue().size();
  }

  /**
   * Whom a connection is counted against: its IPv4 address, or an IPv6 address's /64 — one host is
   * normally given a whole /64, so counting single IPv6 addresses would let it open without bound.
   */
  static InetAddress client(InetAddress address) {
    if (address instanceof Inet6Address v6 && !v6.isLoopbackAddress()) {
      byte[] bytes = v6.getAddress();
      java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(bytes);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException("16 bytes are an IPv6 address", e);
      }
    }
    return address;
  }

  private ChannelInitializer<SocketChannel> initializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        InetAddress from = client(ch.remoteAddress().getAddress());
        int all = connections.incrementAndGet();
        int mine = connectionsByAddress.merge(from, 1, Integer::sum);
        open.add(ch);
        ch.closeFuture()
            .addListener(
                f -> {
                  open.remove(ch);
                  connections.decrementAndGet();
                  connectionsByAddress.computeIfPresent(from, (a, n) -> n > 1 ? n - 1 : null);
                });
        if (all > limits.connectionsMax() || mine > limits.connectionsPerAddressMax()) {
          refused.incrementAndGet();
          String why =
              all > limits.connectionsMax()
                  ? "too many connections (" + limits.connectionsMax() + ")\n"
                  : "too many connections from "
                      + from.getHostAddress()
                      + " ("
                      + limits.connectionsPerAddressMax()
                      + ")\n";
          ch.writeAndFlush(text(503, why).encode(false)).addListener(ChannelFutureListener.CLOSE);
          return;
        }
        RpcConnection connection = new RpcConnection(RpcHttpServer.this, limits);
        ch.pipeline()
            .addLast(
                new WriteTimeoutHandler(limits.writeTimeoutMillis(), TimeUnit.MILLISECONDS),
                connection.decoder(),
                connection);
      }
    };
  }

  // ---- What the workers do --------------------------------------------------------------------

  void execute(Runnable task) {
    workers.execute(task);
  }

  /** The answer to a whole request; runs on a worker, may wait for the node. */
  Response answer(Request request) {
    String path = request.path();
    String method = request.method();
    try {
      if ("GET".equals(method) && "/metrics".equals(path)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return new Response(200, NodeMetrics.contentType(), out.toByteArray(), true);
      } else if ("GET".equals(method) && "/health".equals(path)) {
        boolean ok = healthy.getAsBoolean();
        return text(ok ? 200 : 503, ok ? "ok\n" : "unhealthy\n");
      } else if (isRpc(request)) {
        Optional<byte[]> response = rpc.handle(request.body());
        return response
            .map(bytes -> new Response(200, "application/json", bytes, true))
            .orElseGet(() -> new Response(204, null, new byte[0], true));
      }
      return new Response(404, "text/plain", NOT_FOUND, true);
    } catch (IOException | RuntimeException e) {
      return text(500, "the node failed to answer: " + e + "\n");
    }
  }

  static boolean isRpc(Request request) {
    return "POST".equals(request.method()) && "/".equals(request.path());
  }

  /** Bytes of request bodies held now, all connections together. */
  long bufferedBodyBytes() {
    return bufferedBodyBytes.get();
  }

  boolean reserveBodyBytes(long bytes) {
    while (true) {
      long now = bufferedBodyBytes.get();
      if (now + bytes > limits.bufferedBodyBytesMax()) {
        return false;
      }
      if (bufferedBodyBytes.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void releaseBodyBytes(long bytes) {
    bufferedBodyBytes.addAndGet(-bytes);
  }

  void timedOut() {
    timedOut.incrementAndGet();
  }

  // ---- Requests and answers -------------------------------------------------------------------

  /** A request read whole: {@code path} without query, {@code body} empty when there is none. */
  record Request(String method, String path, boolean keepAlive, byte[] body) {
    /** The path of a request target: origin form, or absolute form without scheme and authority. */
    static String path(String target) {
      String p = target;
      int scheme = p.indexOf("://");
      if (scheme > 0 && !p.startsWith("/")) {
        int slash = p.indexOf('/', scheme + 3);
        p = slash < 0 ? "/" : p.substring(slash);
      }
      int query = p.indexOf('?');
      return query < 0 ? p : p.substring(0, query);
    }
  }

  /** An answer; {@code type} null for one without a body (204). */
  record Response(int status, String type, byte[] body, boolean keepAlive) {
    ByteBuf encode(boolean keepAliveConnection) {
      return encode(keepAliveConnection, true);
    }

    /**
     * The answer's bytes; without the body for a HEAD request (the client reads none), with the
     * headers it would have.
     */
    ByteBuf encode(boolean keepAliveConnection, boolean withBody) {
      StringBuilder head =
          new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ').append(reason());
      head.append("\r\n");
      if (type != null) {
        head.append("Content-Type: ").append(type).append("\r\n");
      }
      if (status != 204) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append(keepAliveConnection ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
      head.append("\r\n");
      byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
      return withBody ? Unpooled.wrappedBuffer(headBytes, body) : Unpooled.wrappedBuffer(headBytes);
    }

    private String reason() {
      return switch (status) {
        case 100 -> "Continue";
        case 200 -> "OK";
        case 204 -> "No Content";
        case 400 -> "Bad Request";
        case 404 -> "Not Found";
        case 408 -> "Request Timeout";
        case 413 -> "Content Too Large";
        case 431 -> "Request Header Fields Too Large";
        case 500 -> "Internal Server Error";
        case 501 -> "Not Implemented";
        case 503 -> "Service Unavailable";
        case 505 -> "HTTP Version Not Supported";
        default -> "Status";
      };
    }
  }

  static Response text(int status, String text) {
    return new Response(status, "text/plain", text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** 413 with the JSON-RPC error clients have always had; the connection closes after it. */
  static Response tooLarge() {
    byte[] error =
        JsonRpc.bytes(
            JsonRpc.error(
                null,
                RpcError.INVALID_REQUEST,
                "request body exceeds " + BODY_BYTES_MAX + " bytes"));
    return new Response(413, "application/json", error, false);
  }

  /** 503 at once when the workers' queue or the body budget is full. */
  static Response busy(boolean jsonRpc) {
    String message = "the node is busy: too many requests wait for an answer; try again";
    if (jsonRpc) {
      return new Response(
          503,
          "application/json",
          JsonRpc.bytes(JsonRpc.error(null, RpcError.UNAVAILABLE, message)),
          true);
    }
    return new Response(503, "text/plain", (message + "\n").getBytes(StandardCharsets.UTF_8), true);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    List<Channel> clients = new ArrayList<>(open);
    for (Channel c : clients) {
      c.close();
    }
    group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2_000);
    workers.shutdownNow();
  }
}
