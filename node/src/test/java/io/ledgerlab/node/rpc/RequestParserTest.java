package io.ledgerlab.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP request reader, fed byte by byte as a slow client would and all at once. */
class RequestParserTest {
  private static final String POST =
      "POST /?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";

  @Test
  void aRequestFedOneByteAtATimeIsTheSameAsAllAtOnce() {
    List<RequestParser.Event> whole =
        feed(new RequestParser(8192, 1024, 4096), POST, POST.length());
    List<RequestParser.Event> trickled = feed(new RequestParser(8192, 1024, 4096), POST, 1);
    assertThat(whole).hasSize(2);
    assertThat(trickled).hasSize(2);
    RequestParser.Request a = ((RequestParser.Complete) whole.get(1)).request();
    RequestParser.Request b = ((RequestParser.Complete) trickled.get(1)).request();
    assertThat(a.method()).isEqualTo("POST");
    assertThat(a.path()).isEqualTo("/");
    assertThat(a.keepAlive()).isTrue();
    assertThat(new String(a.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(b.method()).isEqualTo(a.method());
    assertThat(b.path()).isEqualTo(a.path());
    assertThat(b.body()).isEqualTo(a.body());
  }

  @Test
  void theHeadBoundHoldsWhicheverWayTheBytesCome() {
    String big = "GET / HTTP/1.1\r\nX: " + "a".repeat(200);
    for (int piece : new int[] {1, 7, big.length()}) {
      List<RequestParser.Event> events = feed(new RequestParser(128, 1024, 4096), big, piece);
      assertThat(events).as("pieces of %d", piece).hasSize(1);
      assertThat(((RequestParser.Malformed) events.get(0)).status()).isEqualTo(431);
    }
  }

  @Test
  void aBodyOverTheBoundIsDroppedNotKept() {
    String request = "POST / HTTP/1.1\r\nContent-Length: 3000\r\n\r\n" + "x".repeat(3000);
    List<RequestParser.Event> events = feed(new RequestParser(8192, 1024, 4096), request, 100);
    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("Head", "Drained");
  }

  @Test
  void aDrainStopsAtItsBound() {
    String request = "POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(5000);
    List<RequestParser.Event> events = feed(new RequestParser(8192, 1024, 4096), request, 1000);
    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("Head", "Drained");
  }

  @Test
  void http10ClosesUnlessAskedToKeepAlive() {
    RequestParser.Request close =
        complete(feed(new RequestParser(8192, 1024, 4096), "GET /health HTTP/1.0\r\n\r\n", 100));
    RequestParser.Request keep =
        complete(
            feed(
                new RequestParser(8192, 1024, 4096),
                "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                100));
    assertThat(close.keepAlive()).isFalse();
    assertThat(keep.keepAlive()).isTrue();
    RequestParser.Request absolute =
        complete(
            feed(
                new RequestParser(8192, 1024, 4096),
                "GET http://node:8545/metrics?x HTTP/1.1\r\nConnection: close\r\n\r\n",
                100));
    assertThat(absolute.path()).isEqualTo("/metrics");
    assertThat(absolute.keepAlive()).isFalse();
  }

  private static RequestParser.Request complete(List<RequestParser.Event> events) {
    return ((RequestParser.Complete) events.get(events.size() - 1)).request();
  }

  /**
   * Feeds {@code text} in pieces of {@code piece} bytes; the events in order, up to the first end.
   */
  private static List<RequestParser.Event> feed(RequestParser parser, String text, int piece) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuf in = Unpooled.buffer();
    List<RequestParser.Event> events = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += piece) {
      in.writeBytes(bytes, at, Math.min(piece, bytes.length - at));
      RequestParser.Event e;
      while ((e = parser.next(in)) != null) {
        events.add(e);
        if (e instanceof RequestParser.Complete
            || e instanceof RequestParser.Drained
            || e instanceof RequestParser.Malformed) {
          return events;
        }
      }
    }
    return events;
  }
}
