package io.ledgerlab.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ledgerlab.lab.target.ClientException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client makes of a node that is not there, answers garbage, or runs another chain: an
 * error naming the node and the call, never a wrong answer. (The node here is a JDK HTTP server
 * answering fixed bodies; the real nodes are in EthereumNodesIT.)
 */
class EthereumClientTest {
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A node answering every request with {@code answer} applied to the request's body. */
  private String node(UnaryOperator<String> answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          byte[] out = answer.apply(body).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, out.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static EthereumClient client(String url) {
    return new EthereumClient("n0", url, 31337, List.of(), BigInteger.ONE, null, null);
  }

  @Test
  void aNodeThatIsNotThereIsAnErrorNamingTheNodeAndTheCall() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    assertThatThrownBy(() -> client("http://127.0.0.1:" + port).head())
        .isInstanceOf(ClientException.class)
        .hasMessageStartingWith("n0: eth_chainId failed");
  }

  @Test
  void garbageInsteadOfJsonRpcIsAnErrorNotAHead() throws Exception {
    String url = node(body -> "<html>not json-rpc</html>");

    assertThatThrownBy(() -> client(url).head())
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("n0: eth_chainId failed");
  }

  @Test
  void aNodeOfAnotherChainIsRefusedBeforeAnythingIsSent() throws Exception {
    String url = node(body -> "{\"jsonrpc\":\"2.0\",\"id\":" + id(body) + ",\"result\":\"0x1\"}");

    assertThatThrownBy(() -> client(url).submit(List.of(new EthTx("0xab", "0x00"))))
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("answers chain id 1 but the manifest's chain id is 31337");
  }

  @Test
  void aBatchAnsweredInAnotherOrderIsMatchedById() throws Exception {
    // Answers a batch of two sends in reverse order: the first request's id gets "0xaa".
    String url =
        node(
            body -> {
              if (body.contains("eth_chainId")) {
                return "{\"jsonrpc\":\"2.0\",\"id\":" + id(body) + ",\"result\":\"0x7a69\"}";
              }
              String[] ids =
                  body.replaceAll(".*?\"id\":(\\d+).*?\"id\":(\\d+).*", "$1 $2").split(" ");
              return "[{\"jsonrpc\":\"2.0\",\"id\":"
                  + ids[1]
                  + ",\"error\":{\"code\":-32000,\"message\":\"nonce too low\"}},"
                  + "{\"jsonrpc\":\"2.0\",\"id\":"
                  + ids[0]
                  + ",\"result\":\"0xaa\"}]";
            });

    var answers = client(url).submit(List.of(new EthTx("0xaa", "0x01"), new EthTx("0xbb", "0x02")));

    assertThat(answers.get(0).accepted()).isTrue();
    assertThat(answers.get(1).accepted()).isFalse();
    assertThat(answers.get(1).reason()).isEqualTo("BAD_NONCE");
  }

  private static String id(String body) {
    return body.replaceAll("(?s).*\"id\":(\\d+).*", "$1");
  }
}
