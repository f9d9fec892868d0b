package io.ledgerlab.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.ClientException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The beacon client against a stand-in REST server holding a small chain with an empty slot: how it
 * counts heights to the finalized block, what it reads once only, and how it names an error.
 */
class BeaconClientTest {
  private static final String ZERO = "0x" + "0".repeat(64);
  private static final long GENESIS = 1_700_000_000L;

  private HttpServer server;
  private final Map<String, String> headers = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private volatile String finalized = ZERO;
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    header("0xg", 0, ZERO);
    header("0xa", 1, "0xg");
    header("0xb", 3, "0xa"); // slot 2 was empty
    header("0xc", 4, "0xb");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          asked.add(path);
          String body;
          if (path.endsWith("/finality_checkpoints")) {
            body = "{\"data\":{\"finalized\":{\"epoch\":\"1\",\"root\":\"" + finalized + "\"}}}";
          } else if (path.startsWith("/eth/v1/beacon/headers/")) {
            body = headers.getOrDefault(path.substring(path.lastIndexOf('/') + 1), "{}");
          } else {
            body = "{}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void header(String root, long slot, String parent) {
    headers.put(
        root,
        "{\"data\":{\"root\":\""
            + root
            + "\",\"header\":{\"message\":{\"slot\":\""
            + slot
            + "\",\"proposer_index\":\"3\",\"parent_root\":\""
            + parent
            + "\",\"state_root\":\"0xs"
            + slot
            + "\"}}}}");
  }

  private BeaconClient client() {
    return new BeaconClient("n0", server.getAddress(), GENESIS, 2);
  }

  @Test
  void beforeFinalityTheHeightIsZeroAndTheChainEmpty() throws ClientException {
    assertThat(client().head().height()).isZero();
    assertThat(client().readChain()).isEmpty();
  }

  @Test
  void theHeightCountsBlocksToTheFinalizedOneNotSlots() throws ClientException {
    finalized = "0xc";

    assertThat(client().head().height()).isEqualTo(3);
    assertThat(client().head().hash()).isEqualTo("0xc");
  }

  @Test
  void theChainIsTheFinalizedBlocksInOrderWithSlotTimesAndNoClaimOfAVerifiedProof()
      throws ClientException {
    finalized = "0xc";

    List<BlockView> chain = client().readChain();

    assertThat(chain).extracting(BlockView::hash).containsExactly("0xa", "0xb", "0xc");
    assertThat(chain).extracting(BlockView::height).containsExactly(1L, 2L, 3L);
    assertThat(chain.get(1).parent()).isEqualTo("0xa");
    assertThat(chain.get(1).timeMicros()).isEqualTo((GENESIS + 3 * 2) * 1_000_000L);
    assertThat(chain).allMatch(b -> BlockView.UNVERIFIED.equals(b.proofProblem()));
  }

  @Test
  void aHeaderIsReadOnceAndANewFinalizedBlockCostsOnlyItsOwn() throws ClientException {
    BeaconClient c = client();
    finalized = "0xc";
    c.head();
    header("0xd", 6, "0xc");
    finalized = "0xd";
    asked.clear();

    assertThat(c.head().height()).isEqualTo(4);
    assertThat(asked)
        .containsExactly(
            "/eth/v1/beacon/states/head/finality_checkpoints", "/eth/v1/beacon/headers/0xd");
  }

  @Test
  void anErrorAnswerNamesTheNodeThePathAndTheStatus() {
    status = 503;

    assertThatThrownBy(() -> client().head())
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("n0")
        .hasMessageContaining("finality_checkpoints")
        .hasMessageContaining("503");
  }

  @Test
  void itTakesNoTransactionsAndSaysSo() {
    assertThatThrownBy(() -> client().submit(List.of()))
        .hasMessageContaining("takes no transactions");
  }
}
