package io.ledgerlab.node.p2p;

import io.ledgerlab.ledger.crypto.PublicKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.security.SecureRandom;

/**
 * One side of the handshake on one connection. After both hellos and both signatures check out, it
 * swaps the small handshake frame limit for the large one and hands the connection to a {@link
 * MessageHandler}; until then nothing reaches the node.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
  private static final SecureRandom NONCES = new SecureRandom();

  private final TcpTransport transport;

  /** The key the dialed peer must hold, or null on an inbound connection (any known peer). */
  private final PublicKey expected;

  private final byte[] nonce = new byte[Handshake.NONCE_BYTES];
  private Handshake.Hello peerHello;
  private String peer;

  HandshakeHandler(TcpTransport transport, PublicKey expected) {
    this.transport = transport;
    this.expected = expected;
    NONCES.nextBytes(nonce);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Handshake.Hello hello =
        new Handshake.Hello(transport.chainId(), transport.nodeKey().publicKey(), nonce);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(Handshake.encodeHello(hello)));
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(frame);
    } finally {
      frame.release();
    }
    try {
      if (peerHello == null) {
        onHello(ctx, Handshake.decodeHello(bytes));
      } else {
        onAuth(ctx, bytes);
      }
    } catch (Handshake.HandshakeException e) {
      transport.handshakeFailed(ctx.channel(), e.getMessage());
    }
  }

  private void onHello(ChannelHandlerContext ctx, Handshake.Hello hello) {
    if (!hello.chainId().equals(transport.chainId())) {
      throw new Handshake.HandshakeException(
          "peer is on chain '" + hello.chainId() + "', expected '" + transport.chainId() + "'");
    }
    if (expected != null && !expected.equals(hello.key())) {
      throw new Handshake.HandshakeException(
          "dialed peer presented node key " + hello.key().hex() + ", expected " + expected.hex());
    }
    peer = transport.peerName(hello.key());
    if (peer == null) {
      throw new Handshake.HandshakeException("unknown node key " + hello.key().hex());
    }
    peerHello = hello;
    byte[] signature = Handshake.sign(transport.nodeKey(), transport.chainId(), hello);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(signature));
  }

  private void onAuth(ChannelHandlerContext ctx, byte[] signature) {
    boolean valid =
        Handshake.verify(
            signature,
            transport.chainId(),
            nonce,
            peerHello.key(),
            transport.nodeKey().publicKey());
    if (!valid) {
      throw new Handshake.HandshakeException(
          "peer " + peer + " did not prove it holds node key " + peerHello.key().hex());
    }
    boolean dialed = expected != null;
    ctx.pipeline()
        .addAfter(
            "frames",
            "messageFrames",
            new LengthFieldBasedFrameDecoder(TcpTransport.FRAME_BYTES_MAX, 0, 4, 0, 4));
    ctx.pipeline().replace(this, "messages", new MessageHandler(transport, peer));
    // Removing the small decoder hands any bytes it already buffered to the large one.
    ctx.pipeline().remove("frames");
    transport.authenticated(ctx.channel(), peer, dialed);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    transport.handshakeFailed(ctx.channel(), describe(cause));
  }

  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
