package io.ledgerlab.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.ledgerlab.node.metrics.NodeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one read brings behind a request that is being answered is held, within a bound: a
 * connection fed in memory (one read exactly as given), its request waiting for a worker forever.
 */
@Timeout(30)
class RpcConnectionTest {
  private static final String WAIT = "{\"jsonrpc\":\"2.0\",\"method\":\"wait\",\"id\":1}";

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private RpcHttpServer server;
  private EmbeddedChannel channel;

  @BeforeEach
  void start() throws Exception {
    JsonRpc rpc =
        new JsonRpc(
            Map.of(
                "wait",
                p -> {
                  entered.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return TextNode.valueOf("released");
                }));
    server =
        RpcHttpServer.bind(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            rpc,
            new NodeMetrics(() -> new NodeMetrics.Snapshot(1, 0, 0, 0, 1)),
            () -> true);
    RpcConnection connection = new RpcConnection(server, RpcLimits.defaults());
    channel = new EmbeddedChannel(connection.decoder(), connection);
  }

  @AfterEach
  void stop() {
    channel.finishAndReleaseAll();
    release.countDown();
    server.close();
  }

  @Test
  void requestsPipelinedBehindOneBeingAnsweredAreHeld() throws Exception {
    StringBuilder read = new StringBuilder(post(WAIT));
    for (int i = 0; i < 3_000; i++) {
      read.append("GET /health HTTP/1.1\r\n\r\n");
    }
    channel.writeInbound(bytes(read));
    entered.await();
    // 6,000 pieces held (each request and its empty end), under the bound: the client waits.
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void aBodyInTinyChunksBehindARequestBeingAnsweredClosesTheConnection() throws Exception {
    StringBuilder read =
        new StringBuilder(post(WAIT))
            .append("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < RpcConnection.HELD_MAX; i++) {
      read.append("1\r\nx\r\n");
    }
    channel.writeInbound(bytes(read));
    entered.await();
    assertThat(channel.isOpen()).isFalse();
  }

  private static String post(String body) {
    return "POST / HTTP/1.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  private static ByteBuf bytes(CharSequence text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }
}
