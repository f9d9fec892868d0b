package io.ledgerlab.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: reads requests with a {@link RequestParser} under the connection's
 * deadlines, hands each whole request to the server's workers, and writes the answer. One request
 * at a time: while it is answered the connection reads nothing more, so a client that pipelines or
 * floods holds at most one request's bytes. Everything here runs on the connection's I/O thread.
 */
final class RpcConnection extends ChannelInboundHandlerAdapter {
  /** What the connection waits for; each phase has its own deadline. */
  private enum Phase {
    /** A keep-alive connection between requests. */
    IDLE,
    /** The request line and headers. */
    HEAD,
    /** The body. */
    BODY,
    /** A worker's answer: no deadline, reading paused. */
    ANSWERING
  }

  private final RpcHttpServer server;
  private final RpcLimits limits;
  private final RequestParser parser;
  private final int inboxBytesMax;
  private ByteBuf inbox;
  private Phase phase = Phase.HEAD;
  private ScheduledFuture<?> deadline;
  private long reservedBytes;
  private boolean closing;
  private boolean answeredEarly;
  private ChannelFuture lastWrite;

  RpcConnection(RpcHttpServer server, RpcLimits limits) {
    this.server = server;
    this.limits = limits;
    this.parser =
        new RequestParser(
            limits.headBytesMax(), RpcHttpServer.BODY_BYTES_MAX, RpcHttpServer.DRAIN_BYTES_MAX);
    // While a request is answered reading pauses, but a read already under way still lands here.
    this.inboxBytesMax = limits.headBytesMax() + RpcHttpServer.BODY_BYTES_MAX + 256 * 1024;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    inbox = ctx.alloc().heapBuffer(1024);
    lastWrite = ctx.newSucceededFuture();
    arm(ctx, Phase.HEAD);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf bytes = (ByteBuf) msg;
    try {
      if (closing || inbox == null) {
        return;
      }
      if (inbox.isReadable() || phase == Phase.ANSWERING) {
        if (keep(ctx, bytes)) {
          process(ctx, inbox);
        }
        return;
      }
      // Nothing left over: read straight from what arrived (a dropped body is never copied), and
      // keep only what is left of it.
      process(ctx, bytes);
      if (bytes.isReadable() && !closing && inbox != null) {
        keep(ctx, bytes);
      }
    } finally {
      bytes.release();
    }
  }

  /** Appends to the inbox, or closes the connection when that would pass its bound. */
  private boolean keep(ChannelHandlerContext ctx, ByteBuf bytes) {
    if (inbox.readableBytes() + bytes.readableBytes() > inboxBytesMax) {
      closeNow(ctx);
      return false;
    }
    inbox.writeBytes(bytes);
    return true;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    release();
    if (inbox != null) {
      inbox.release();
      inbox = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset, a write timeout, an I/O error: this client is gone, nobody else is affected.
    closeNow(ctx);
  }

  /** Reads as many events as the buffered bytes give, until a request goes to a worker. */
  private void process(ChannelHandlerContext ctx, ByteBuf in) {
    while (!closing && phase != Phase.ANSWERING && inbox != null) {
      if (phase == Phase.IDLE && in.isReadable()) {
        arm(ctx, Phase.HEAD);
      }
      RequestParser.Event event = parser.next(in);
      if (event == null) {
        break;
      }
      if (event instanceof RequestParser.Head head) {
        onHead(ctx, head);
      } else if (event instanceof RequestParser.TooLarge) {
        answerEarly(ctx, RpcHttpServer.tooLarge());
      } else if (event instanceof RequestParser.Complete complete) {
        dispatch(ctx, complete.request());
      } else if (event instanceof RequestParser.Drained) {
        closeAfterWrite(ctx);
      } else if (event instanceof RequestParser.Malformed malformed) {
        write(ctx, RpcHttpServer.text(malformed.status(), malformed.reason() + "\n"), false);
        closeAfterWrite(ctx);
      }
    }
    if (in == inbox && inbox != null) {
      inbox.discardReadBytes();
    }
  }

  private void onHead(ChannelHandlerContext ctx, RequestParser.Head head) {
    if (head.bodyBytes() > RpcHttpServer.BODY_BYTES_MAX) {
      answerEarly(ctx, RpcHttpServer.tooLarge());
      if (head.expectContinue()) {
        // The client sends nothing more until told to: no body to drain.
        closeAfterWrite(ctx);
      }
      arm(ctx, Phase.BODY);
      return;
    }
    long reserve = head.bodyBytes() < 0 ? RpcHttpServer.BODY_BYTES_MAX : head.bodyBytes();
    if (!server.reserveBodyBytes(reserve)) {
      parser.discard();
      answerEarly(ctx, RpcHttpServer.busy("POST".equals(head.method()) && "/".equals(head.path())));
      arm(ctx, Phase.BODY);
      return;
    }
    reservedBytes = reserve;
    if (head.bodyBytes() != 0) {
      if (head.expectContinue()) {
        ctx.writeAndFlush(
            Unpooled.copiedBuffer("HTTP/1.1 100 Continue\r\n\r\n", StandardCharsets.US_ASCII));
      }
      arm(ctx, Phase.BODY);
    }
  }

  /**
   * Answers before the body is read (it will be dropped), then closes once the body has been read
   * to its end, so the answer is not lost to the reset a close with unread bytes sends.
   */
  private void answerEarly(ChannelHandlerContext ctx, RpcHttpServer.Response response) {
    if (!answeredEarly) {
      answeredEarly = true;
      write(ctx, response, false);
    }
  }

  private void dispatch(ChannelHandlerContext ctx, RequestParser.Request request) {
    phase = Phase.ANSWERING;
    cancelDeadline();
    ctx.channel().config().setAutoRead(false);
    try {
      server.execute(
          () -> {
            RpcHttpServer.Response response = server.answer(request);
            try {
              ctx.executor().execute(() -> answered(ctx, request, response));
            } catch (RejectedExecutionException stopping) {
              // The server is closing: the connection goes with it.
            }
          });
    } catch (RejectedExecutionException full) {
      answered(ctx, request, RpcHttpServer.busy(RpcHttpServer.isRpc(request)));
    }
  }

  private void answered(
      ChannelHandlerContext ctx, RequestParser.Request request, RpcHttpServer.Response response) {
    release();
    if (closing || !ctx.channel().isActive()) {
      return;
    }
    boolean keepAlive = request.keepAlive() && response.keepAlive();
    lastWrite = ctx.writeAndFlush(response.encode(keepAlive, !"HEAD".equals(request.method())));
    if (!keepAlive) {
      closeAfterWrite(ctx);
      return;
    }
    // The next request is read once this answer has left: a client that pipelines requests and
    // reads no answers holds one answer here, and the write timeout closes it.
    lastWrite.addListener(
        written -> {
          if (written.isSuccess() && !closing && inbox != null) {
            arm(ctx, Phase.IDLE);
            ctx.channel().config().setAutoRead(true);
            process(ctx, inbox);
          }
        });
  }

  private void write(
      ChannelHandlerContext ctx, RpcHttpServer.Response response, boolean keepAlive) {
    lastWrite = ctx.writeAndFlush(response.encode(keepAlive));
  }

  private void closeAfterWrite(ChannelHandlerContext ctx) {
    closing = true;
    cancelDeadline();
    lastWrite.addListener(ChannelFutureListener.CLOSE);
  }

  private void closeNow(ChannelHandlerContext ctx) {
    closing = true;
    cancelDeadline();
    ctx.close();
  }

  private void arm(ChannelHandlerContext ctx, Phase next) {
    cancelDeadline();
    phase = next;
    long millis =
        switch (next) {
          case IDLE -> limits.idleTimeoutMillis();
          case HEAD -> limits.headerTimeoutMillis();
          case BODY -> limits.bodyTimeoutMillis();
          case ANSWERING -> 0;
        };
    if (millis > 0) {
      deadline = ctx.executor().schedule(() -> expired(ctx, next), millis, TimeUnit.MILLISECONDS);
    }
  }

  /** A deadline passed: an idle connection just closes, a request that is late gets 408 first. */
  private void expired(ChannelHandlerContext ctx, Phase late) {
    if (closing || phase != late) {
      return;
    }
    server.timedOut();
    if (late == Phase.IDLE || answeredEarly) {
      closeNow(ctx);
      return;
    }
    String what = late == Phase.HEAD ? "headers" : "body";
    long millis = late == Phase.HEAD ? limits.headerTimeoutMillis() : limits.bodyTimeoutMillis();
    write(
        ctx,
        RpcHttpServer.text(408, "request " + what + " not received within " + millis + " ms\n"),
        false);
    closeAfterWrite(ctx);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void release() {
    if (reservedBytes > 0) {
      server.releaseBodyBytes(reservedBytes);
      reservedBytes = 0;
    }
  }
}
