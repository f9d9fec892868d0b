package io.ledgerlab.node.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's strict HTTP/1.1 request decoder (framing, chunked bodies, header validation, request
 * smuggling are its job), with the one bound it lacks: the request line and headers <em>together
 * </em> at most {@code headBytesMax}, counted as the decoder consumes them, so a head over the
 * bound fails whichever way its bytes come. Every failure the decoder reports is turned into a
 * {@link Malformed} cause naming the status to answer and why.
 *
 * <p>It also tells its connection when the bytes of a new request begin ({@code onHeadBytes}),
 * which starts the header deadline of a keep-alive connection. One instance per connection.
 */
final class RequestDecoder extends HttpRequestDecoder {
  /** A request the node does not read: answer {@code status} with {@code reason}, then close. */
  static final class Malformed extends Exception {
    private final int status;

    Malformed(int status, String reason, Throwable cause) {
      super(reason, cause, false, false);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private final int headBytesMax;
  private final Runnable onHeadBytes;

  /** Between requests or inside a head: no request line and headers read whole yet. */
  private boolean inHead = true;

  /** The request line of the head being read has been parsed. */
  private boolean lineRead;

  /** Bytes of the current head consumed so far. */
  private long headBytes;

  /** A failure was reported: every byte after it is dropped. */
  private boolean failed;

  RequestDecoder(int headBytesMax, Runnable onHeadBytes) {
    super(
        new HttpDecoderConfig()
            // Netty bounds the line and the headers each; the bound on both is checked here.
            .setMaxInitialLineLength(headBytesMax)
            .setMaxHeaderSize(headBytesMax)
            .setMaxChunkSize(64 * 1024)
            .setValidateHeaders(true)
            .setAllowDuplicateContentLengths(false)
            .setStrictLineParsing(true)
            .setUseRfc9112TransferEncoding(true));
    this.headBytesMax = headBytesMax;
    this.onHeadBytes = onHeadBytes;
  }

  /** Bytes of the next request's head have arrived (and it is not whole yet). */
  boolean headStarted() {
    return inHead && !failed && (headBytes > 0 || actualReadableBytes() > 0);
  }

  @Override
  protected HttpMessage createMessage(String[] initialLine) throws Exception {
    HttpMessage message = super.createMessage(initialLine);
    lineRead = true;
    return message;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (inHead && in.isReadable()) {
      onHeadBytes.run();
    }
    int from = out.size();
    int before = in.readerIndex();
    super.decode(ctx, in, out);
    int consumed = in.readerIndex() - before;
    if (inHead) {
      headBytes += consumed;
    }
    for (int i = from; i < out.size(); i++) {
      Object o = out.get(i);
      if (o instanceof HttpRequest request) {
        if (headBytes > headBytesMax && request.decoderResult().isSuccess()) {
          request.setDecoderResult(DecoderResult.failure(tooLong(null)));
        }
        if (request.decoderResult().isFailure()) {
          fail(request, out, i);
          return;
        }
        inHead = false;
      }
      if (o instanceof HttpObject object && object.decoderResult().isFailure()) {
        fail(object, out, i);
        return;
      }
      if (o instanceof LastHttpContent) {
        inHead = true;
        lineRead = false;
        headBytes = 0;
      }
    }
    // Nothing read whole: what is left is the head's line still coming (when a piece was read, what
    // is left is the next request's, decoded by the next call).
    if (out.size() == from && inHead && headBytes + in.readableBytes() > headBytesMax) {
      HttpMessage bad = createInvalidMessage();
      bad.setDecoderResult(DecoderResult.failure(tooLong(null)));
      out.add(bad);
      failed = true;
      in.skipBytes(in.readableBytes());
    }
  }

  /**
   * Reports {@code object}'s failure as a {@link Malformed} cause and drops what follows it, in
   * {@code out} and on the connection.
   */
  private void fail(HttpObject object, List<Object> out, int at) {
    failed = true;
    Throwable cause = object.decoderResult().cause();
    if (!(cause instanceof Malformed)) {
      object.setDecoderResult(DecoderResult.failure(malformed(cause)));
    }
    while (out.size() > at + 1) {
      ReferenceCountUtil.release(out.remove(out.size() - 1));
    }
  }

  private Malformed malformed(Throwable cause) {
    if (cause instanceof TooLongHttpLineException || cause instanceof TooLongHttpHeaderException) {
      return tooLong(cause);
    }
    String why = String.valueOf(cause.getMessage());
    if (inHead && !lineRead) {
      return new Malformed(400, "bad request line: " + why, cause);
    }
    if (inHead) {
      return new Malformed(400, "bad header: " + why, cause);
    }
    return new Malformed(400, "bad chunked body: " + why, cause);
  }

  private Malformed tooLong(Throwable cause) {
    return new Malformed(431, "request line and headers exceed " + headBytesMax + " bytes", cause);
  }
}
