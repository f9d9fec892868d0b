package io.ledgerlab.node.p2p;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;

/**
 * Passes an authenticated peer's frames to the node, charged to this connection's inbound budget;
 * drops the connection on a bad frame.
 */
final class MessageHandler extends ChannelInboundHandlerAdapter {
  private final TcpTransport transport;
  private final String peer;
  private InboundBudget.Reader reader;

  MessageHandler(TcpTransport transport, String peer) {
    this.transport = transport;
    this.peer = peer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    reader = transport.reader(ctx.channel(), peer);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      transport.deliver(reader, peer, ByteBufUtil.getBytes(frame));
    } finally {
      frame.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      // The peer went away (reset, crash, partition): the close event reports it.
      ctx.close();
      return;
    }
    String reason =
        cause instanceof TooLongFrameException
            ? "frame longer than " + TcpTransport.FRAME_BYTES_MAX + " bytes"
            : HandshakeHandler.describe(cause);
    transport.connectionFailed(ctx.channel(), peer, reason);
  }
}
