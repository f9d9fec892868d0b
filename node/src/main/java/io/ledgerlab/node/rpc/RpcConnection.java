package io.ledgerlab.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: takes the requests Netty's decoder ({@link RequestDecoder}) reads, under
 * the connection's deadlines and byte bounds, hands each whole request to the server's workers, and
 * writes the answer. One request at a time: while it is answered the connection reads nothing more,
 * so a client that pipelines or floods holds at most what one read brought. A body is kept only up
 * to {@link RpcHttpServer#BODY_BYTES_MAX}; past it the decoder's pieces are counted and released,
 * never kept. Everything here runs on the connection's I/O thread.
 */
final class RpcConnection extends ChannelInboundHandlerAdapter {
  /**
   * Decoded pieces held while a request is answered: what the read that brought it brought beyond
   * it. One read is at most 64 KiB, at most ~3,600 bodiless requests (two pieces each); past the
   * bound (a client pipelining a body in tiny chunks) the connection is closed.
   */
  static final int HELD_MAX = 8192;

  /** A body's buffer starts at most this large and grows with what arrives. */
  private static final int BODY_BUFFER_START_BYTES = 64 * 1024;

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
  private final ArrayDeque<Object> held = new ArrayDeque<>();
  private RequestDecoder decoder;
  private ChannelHandlerContext context;
  private Phase phase = Phase.HEAD;
  private ScheduledFuture<?> deadline;
  private long reservedBytes;
  private boolean closing;
  private boolean answeredEarly;
  private ChannelFuture lastWrite;

  // The request being read.
  private String method;
  private String path;
  private boolean keepAlive;
  private boolean dropping;
  private long bodyBytes;
  private long drainedBytes;
  private ByteArrayOutputStream body;

  RpcConnection(RpcHttpServer server, RpcLimits limits) {
    this.server = server;
    this.limits = limits;
  }

  /** The decoder to put before this handler; it tells the connection when a new request begins. */
  RequestDecoder decoder() {
    if (decoder == null) {
      decoder = new RequestDecoder(limits.headBytesMax(), this::headBytesArrived);
    }
    return decoder;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    context = ctx;
    lastWrite = ctx.newSucceededFuture();
    arm(ctx, Phase.HEAD);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || phase != Phase.ANSWERING && held.isEmpty()) {
      handle(ctx, msg);
      return;
    }
    // Brought by the read that also brought the request being answered: held until it has left.
    if (held.size() >= HELD_MAX) {
      ReferenceCountUtil.release(msg);
      closeNow(ctx);
      return;
    }
    held.add(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    release();
    releaseHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset, a write timeout, an I/O error: this client is gone, nobody else is affected.
    closeNow(ctx);
  }

  /** The decoder has bytes of a new request: a keep-alive connection's header deadline starts. */
  private void headBytesArrived() {
    if (phase == Phase.IDLE && !closing && context != null) {
      arm(context, Phase.HEAD);
    }
  }

  /** One decoded piece; releases it. */
  private void handle(ChannelHandlerContext ctx, Object msg) {
    try {
      if (closing) {
        return;
      }
      if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
        malformed(ctx, object.decoderResult().cause());
        return;
      }
      if (msg instanceof HttpRequest request) {
        onRequest(ctx, request);
      }
      if (msg instanceof HttpContent content && !closing) {
        onContent(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void malformed(ChannelHandlerContext ctx, Throwable cause) {
    if (answeredEarly) {
      // The answer has been sent; what follows it is not read.
      closeAfterWrite(ctx);
      return;
    }
    int status = 400;
    String reason = String.valueOf(cause.getMessage());
    if (cause instanceof RequestDecoder.Malformed m) {
      status = m.status();
    }
    write(ctx, RpcHttpServer.text(status, reason + "\n"), false);
    closeAfterWrite(ctx);
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
    HttpVersion version = request.protocolVersion();
    if (version.majorVersion() != 1 || version.minorVersion() > 1) {
      write(
          ctx,
          RpcHttpServer.text(
              505, "HTTP version " + version.text() + " not supported, only HTTP/1.1\n"),
          false);
      closeAfterWrite(ctx);
      return;
    }
    // The decoder has checked that chunked comes last; it does not undo any coding before it.
    String codings = String.join(",", request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING));
    if (!codings.isEmpty() && !codings.trim().toLowerCase(Locale.ROOT).equals("chunked")) {
      write(
          ctx,
          RpcHttpServer.text(501, "Transfer-Encoding '" + printable(codings) + "' not supported\n"),
          false);
      closeAfterWrite(ctx);
      return;
    }
    method = request.method().name();
    path = RpcHttpServer.Request.path(request.uri());
    keepAlive = HttpUtil.isKeepAlive(request);
    dropping = false;
    bodyBytes = 0;
    drainedBytes = 0;
    body = null;
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    long length = chunked ? -1 : HttpUtil.getContentLength(request, 0L);
    boolean expectContinue = HttpUtil.is100ContinueExpected(request);
    arm(ctx, Phase.BODY);
    if (length > RpcHttpServer.BODY_BYTES_MAX) {
      answerEarly(ctx, RpcHttpServer.tooLarge());
      if (expectContinue) {
        // The client sends nothing more until told to: no body to drain.
        closeAfterWrite(ctx);
      }
      dropping = true;
      return;
    }
    if (length != 0) {
      if (expectContinue) {
        ctx.writeAndFlush(
            Unpooled.copiedBuffer("HTTP/1.1 100 Continue\r\n\r\n", StandardCharsets.US_ASCII));
      }
      // Grown and charged to the shared body budget as bytes arrive, never at the size announced:
      // headers claiming 1 MiB bodies that never come would otherwise hold the whole budget, and
      // the heap, for the body deadline, and every other client's call would get 503.
      body =
          new ByteArrayOutputStream(
              (int) (length < 0 ? 4096 : Math.min(BODY_BUFFER_START_BYTES, length)));
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    ByteBuf data = content.content();
    int n = data.readableBytes();
    if (!dropping && bodyBytes + n > RpcHttpServer.BODY_BYTES_MAX) {
      // Only a chunked body gets here: a Content-Length over the bound was refused at its head.
      dropping = true;
      release();
      answerEarly(ctx, RpcHttpServer.tooLarge());
    }
    if (dropping) {
      drainedBytes += n;
      if (drainedBytes > RpcHttpServer.DRAIN_BYTES_MAX) {
        closeAfterWrite(ctx);
        return;
      }
    } else if (n > 0) {
      if (!server.reserveBodyBytes(n)) {
        dropping = true;
        release();
        body = null;
        answerEarly(ctx, RpcHttpServer.busy("POST".equals(method) && "/".equals(path)));
        drainedBytes += n;
      } else {
        reservedBytes += n;
        byte[] piece = new byte[n];
        data.getBytes(data.readerIndex(), piece);
        body.writeBytes(piece);
        bodyBytes += n;
      }
    }
    if (content instanceof LastHttpContent) {
      if (dropping) {
        // The dropped body has been read to its end: the early answer is not lost to a reset.
        closeAfterWrite(ctx);
        return;
      }
      byte[] bytes = body != null ? body.toByteArray() : new byte[0];
      body = null;
      dispatch(ctx, new RpcHttpServer.Request(method, path, keepAlive, bytes));
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

  private void dispatch(ChannelHandlerContext ctx, RpcHttpServer.Request request) {
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
      ChannelHandlerContext ctx, RpcHttpServer.Request request, RpcHttpServer.Response response) {
    release();
    if (closing || !ctx.channel().isActive()) {
      return;
    }
    boolean keep = request.keepAlive() && response.keepAlive();
    lastWrite = ctx.writeAndFlush(response.encode(keep, !"HEAD".equals(request.method())));
    if (!keep) {
      closeAfterWrite(ctx);
      return;
    }
    // The next request is read once this answer has left: a client that pipelines requests and
    // reads no answers holds one answer here, and the write timeout closes it.
    lastWrite.addListener(
        written -> {
          if (written.isSuccess() && !closing) {
            resume(ctx);
          }
        });
  }

  /** After an answer has left: what was held is taken in order, then reading goes on. */
  private void resume(ChannelHandlerContext ctx) {
    arm(ctx, decoder != null && decoder.headStarted() ? Phase.HEAD : Phase.IDLE);
    while (!held.isEmpty() && phase != Phase.ANSWERING && !closing) {
      handle(ctx, held.poll());
    }
    if (phase != Phase.ANSWERING && !closing) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void write(
      ChannelHandlerContext ctx, RpcHttpServer.Response response, boolean keepAliveConnection) {
    lastWrite = ctx.writeAndFlush(response.encode(keepAliveConnection));
  }

  private void closeAfterWrite(ChannelHandlerContext ctx) {
    closing = true;
    cancelDeadline();
    releaseHeld();
    lastWrite.addListener(ChannelFutureListener.CLOSE);
  }

  private void closeNow(ChannelHandlerContext ctx) {
    closing = true;
    cancelDeadline();
    releaseHeld();
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

  private void releaseHeld() {
    Object msg;
    while ((msg = held.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  /** At most 80 characters of client input, with control characters shown as '?'. */
  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }
}
