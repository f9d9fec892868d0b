package io.ledgerlab.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request decoder fed in memory, all at once and in pieces as a slow client sends. */
class RequestDecoderTest {
  @Test
  void manyPipelinedRequestsInOneReadAreNotTakenForOneLongHead() {
    String get = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    List<HttpObject> read = decode(128, get.repeat(1_000), Integer.MAX_VALUE);
    assertThat(read).hasSize(2_000).allMatch(o -> o.decoderResult().isSuccess());
  }

  @Test
  void theHeadBoundHoldsWhicheverWayTheBytesCome() {
    String big = "GET /health HTTP/1.1\r\nX: " + "a".repeat(100) + "\r\nY: " + "b".repeat(100);
    for (int piece : new int[] {1, 7, 64, big.length()}) {
      List<HttpObject> read = decode(128, big + "\r\n\r\n", piece);
      assertThat(read).as("pieces of %d", piece).hasSize(1);
      Throwable cause = read.get(0).decoderResult().cause();
      assertThat(cause).isInstanceOf(RequestDecoder.Malformed.class);
      assertThat(((RequestDecoder.Malformed) cause).status()).isEqualTo(431);
      assertThat(cause).hasMessage("request line and headers exceed 128 bytes");
    }
  }

  @Test
  void aRequestFedOneByteAtATimeIsTheSameAsAllAtOnce() {
    String post = "POST /?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    for (int piece : new int[] {1, post.length()}) {
      List<HttpObject> read = decode(8192, post, piece);
      HttpRequest request = (HttpRequest) read.get(0);
      assertThat(request.uri()).isEqualTo("/?q=1");
      assertThat(read.get(read.size() - 1)).isInstanceOf(LastHttpContent.class);
    }
  }

  /** tx_submitBatch bodies are hundreds of kilobytes, and arrive in the head's read. */
  @Test
  void aLargeBodyInTheHeadsReadIsNotAHeadOverTheBound() {
    String body = "x".repeat(300_000);
    String post =
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    for (int piece : new int[] {Integer.MAX_VALUE, 65_536}) {
      List<HttpObject> read = decode(8192, post, piece);
      assertThat(read).as("pieces of %d", piece).allMatch(o -> o.decoderResult().isSuccess());
      assertThat(read.get(read.size() - 1)).isInstanceOf(LastHttpContent.class);
    }
  }

  @Test
  void failuresNameWhereTheRequestIsWrong() {
    assertThat(reason("GET / FOO/1.1\r\n\r\n")).startsWith("bad request line: ");
    assertThat(reason("GET / HTTP/1.1\r\nno colon\r\n\r\n")).startsWith("bad header: ");
    assertThat(
            reason("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n"))
        .startsWith("bad chunked body: ");
  }

  private static String reason(String text) {
    List<HttpObject> read = decode(8192, text, Integer.MAX_VALUE);
    HttpObject last = read.get(read.size() - 1);
    assertThat(last.decoderResult().isFailure()).isTrue();
    return last.decoderResult().cause().getMessage();
  }

  /** What the decoder reads from {@code text} fed in pieces of {@code piece} bytes. */
  private static List<HttpObject> decode(int headBytesMax, String text, int piece) {
    EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(headBytesMax, () -> {}));
    List<HttpObject> read = new ArrayList<>();
    try {
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      for (int at = 0; at < bytes.length; at += piece) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(piece, bytes.length - at)));
        Object o;
        while ((o = channel.readInbound()) != null) {
          read.add((HttpObject) o);
          ReferenceCountUtil.release(o);
        }
      }
    } finally {
      channel.finishAndReleaseAll();
    }
    return read;
  }
}
