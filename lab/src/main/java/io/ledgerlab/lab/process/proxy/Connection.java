package io.ledgerlab.lab.process.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.SplittableRandom;

/**
 * One accepted connection of a {@link LinkProxy} and its connection to the target.
 *
 * <p>Both channels share one event loop, and every method here runs on it, so the state needs no
 * locks. Client→target bytes go through the faulted {@link Forwarder}; target→client bytes only get
 * the link delay.
 */
final class Connection {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final LinkProxy proxy;
  private final Channel client;
  private final SplittableRandom random;
  private Channel target;
  private Forwarder upstream;
  private Forwarder downstream;
  private boolean closed;

  Connection(LinkProxy proxy, Channel client, long seed) {
    this.proxy = proxy;
    this.client = client;
    this.random = new SplittableRandom(seed);
  }

  Channel client() {
    return client;
  }

  /** The proxy's fault as of now, so a fault applies to the next chunk even before refresh. */
  LinkFault fault() {
    return proxy.fault();
  }

  SplittableRandom random() {
    return random;
  }

  ChannelInboundHandlerAdapter clientHandler() {
    return new Side(true);
  }

  /**
   * Acts on a changed fault: a block closes the connection, a healed stall or a lifted limit lets
   * held bytes flow. Called on the event loop after every change.
   */
  void refreshFault() {
    if (closed) {
      return;
    }
    if (fault().blocked()) {
      closeByFault();
    } else if (upstream != null) {
      upstream.drain();
      downstream.drain();
    }
  }

  /** The proxy is closing: close both sides, dropping what is queued. */
  void closeNow() {
    if (!closed) {
      closeBoth(false);
    }
  }

  /** A partition or an overflowing stall: close both sides. */
  void closeByFault() {
    if (!closed) {
      proxy.countDroppedByFault();
      closeBoth(false);
    }
  }

  /** Loss on TCP: reset both sides, as a connection whose retransmissions gave up. */
  void resetByFault() {
    if (!closed) {
      proxy.countDroppedByFault();
      closeBoth(true);
    }
  }

  private void start() {
    if (proxy.isClosed()) {
      closeBoth(false);
      return;
    }
    if (fault().blocked()) {
      closeByFault();
      return;
    }
    ChannelFuture connect =
        new Bootstrap()
            .group(client.eventLoop())
            .channel(NioSocketChannel.class)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .handler(new Side(false))
            .connect(proxy.target());
    target = connect.channel();
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            proxy.countConnectFailure();
            closeBoth(false);
          } else if (!closed) {
            onConnected();
          }
        });
  }

  private void onConnected() {
    upstream = new Forwarder(this, client, target, true, proxy.bytesForwardedCounter());
    downstream = new Forwarder(this, target, client, false, proxy.bytesReturnedCounter());
    refreshFault();
    if (!closed) {
      client.config().setAutoRead(true);
      target.config().setAutoRead(true);
    }
  }

  private void closeBoth(boolean reset) {
    closed = true;
    if (upstream != null) {
      upstream.discard();
      downstream.discard();
    }
    close(client, reset);
    if (target != null) {
      close(target, reset);
    }
  }

  private static void close(Channel channel, boolean reset) {
    if (reset && channel.isOpen()) {
      // SO_LINGER 0 turns the close into a RST, which the peer reads as "connection reset".
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
    }
    channel.close();
  }

  private void onChannelInactive(Channel channel) {
    if (channel == client) {
      if (upstream != null) {
        upstream.onSourceClosed();
        downstream.discard();
      } else {
        closeBoth(false);
      }
    } else if (upstream != null) {
      downstream.onSourceClosed();
      upstream.discard();
    }
    if (!client.isOpen() && (target == null || !target.isOpen())) {
      closed = true;
      proxy.forget(this);
    }
  }

  private void onError(Throwable cause) {
    proxy.countError(cause);
    closeBoth(false);
  }

  /**
   * One end's handler. Bytes read on the client side go upstream to the target; bytes read on the
   * target side come back downstream; when one end can take writes again, what is queued for it
   * drains. The forwarders are looked up on each event because they are set once both ends exist.
   */
  private final class Side extends ChannelInboundHandlerAdapter {
    private final boolean client;

    Side(boolean client) {
      this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (client) {
        start();
      } else {
        ctx.fireChannelActive();
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      (client ? upstream : downstream).onData((ByteBuf) msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      Forwarder into = client ? downstream : upstream;
      if (into != null) {
        into.drain();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onChannelInactive(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      onError(cause);
    }
  }
}
