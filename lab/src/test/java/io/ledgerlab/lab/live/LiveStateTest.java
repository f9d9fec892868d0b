package io.ledgerlab.lab.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveStateTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private StubNode n0;
  private StubNode n1;
  private final FakeSource source = new FakeSource();

  @BeforeEach
  void nodes() throws IOException {
    n0 = new StubNode("n0", "a0");
    n1 = new StubNode("n1", "a1");
    source.endpoints.add(new LiveSource.NodeEndpoint("n0", "running", Optional.of(n0.uri()), null));
    source.endpoints.add(new LiveSource.NodeEndpoint("n1", "running", Optional.of(n1.uri()), null));
    source.endpoints.add(new LiveSource.NodeEndpoint("n2", "down", Optional.empty(), null));
  }

  @AfterEach
  void close() {
    n0.close();
    n1.close();
  }

  @Test
  void everyNodesRowComesFromItsOwnStatusAndADownNodeIsShownAsSuch() throws Exception {
    n1.version = "v2";
    try (LiveState state = new LiveState("net", source, clock::get)) {
      Snapshot s = state.refresh();
      assertThat(s.nodes()).extracting(NodeRow::name).containsExactly("n0", "n1", "n2");
      assertThat(s.nodes().get(1).version()).isEqualTo("v2");
      assertThat(s.nodes().get(0).peers()).containsExactly("n1", "n2");
      assertThat(s.nodes().get(0).role()).isEqualTo("validator");
      assertThat(s.nodes().get(0).mempool()).isEqualTo(3);
      assertThat(s.nodes().get(2).answered()).isFalse();
      assertThat(s.nodes().get(2).state()).isEqualTo("down");
      assertThat(s.nodesUp()).isEqualTo(2);
    }
  }

  @Test
  void aNodeThatDoesNotAnswerIsShownWithWhy() throws Exception {
    n1.close();
    try (LiveState state = new LiveState("net", source, clock::get)) {
      NodeRow row = state.refresh().nodes().get(1);
      assertThat(row.answered()).isFalse();
      assertThat(row.error()).contains("n1", "node_status");
    }
  }

  @Test
  void blockTimeComesFromConsecutiveHeadersAndParticipationFromTheirCertificates()
      throws Exception {
    n1.height = 8;
    // a1 misses every third block's certificate.
    n1.signers = h -> h % 3 == 0 ? List.of("a0") : List.of("a0", "a1");
    try (LiveState state = new LiveState("net", source, clock::get)) {
      Snapshot s = state.refresh();
      assertThat(s.chain().readFrom()).isEqualTo("n1");
      assertThat(s.chain().height()).isEqualTo(8);
      assertThat(s.chain().blockTimeMillis()).isEqualTo(2_000.0);
      assertThat(s.chain().meanBlockTimeMillis()).isEqualTo(2_000.0);
      Participation p = s.participation();
      assertThat(p.source()).contains("8 blocks on n1");
      assertThat(p.cumulative()).as("blocks read give the recent certificates").isFalse();
      assertThat(p.validators())
          .containsExactly(
              Participation.Validator.of("n0", 8, 8), Participation.Validator.of("n1", 8, 6));
      assertThat(p.validators().get(1).missedRatio()).isEqualTo(0.25);
    }
  }

  @Test
  void onlyNewBlocksAreReadAndHistoryGrowsPerRefresh() throws Exception {
    try (LiveState state = new LiveState("net", source, clock::get)) {
      state.refresh();
      n0.height = 7;
      n1.height = 7;
      clock.addAndGet(1_000_000);
      Snapshot s = state.refresh();
      assertThat(s.history()).hasSize(2);
      assertThat(s.history().get(0).heights()).containsEntry("n0", 5L);
      assertThat(s.history().get(1).heights()).containsEntry("n0", 7L).doesNotContainKey("n2");
      assertThat(s.history().get(1).atMillis() - s.history().get(0).atMillis()).isEqualTo(1_000);
      assertThat(s.participation().validators().get(0).certificates()).isEqualTo(7);
    }
  }

  @Test
  void historyIsBounded() throws Exception {
    source.endpoints.clear();
    try (LiveState state = new LiveState("net", source, clock::get)) {
      Snapshot s = null;
      for (int i = 0; i < LiveState.HISTORY_SAMPLES_MAX + 5; i++) {
        s = state.refresh();
      }
      assertThat(s.history()).hasSize(LiveState.HISTORY_SAMPLES_MAX);
    }
  }

  @Test
  void anObserversOwnCountsAreTheRicherSourceOfParticipation() throws Exception {
    ObjectNode status = new ObjectMapper().createObjectNode().put("role", "observer");
    status
        .putObject("validators")
        .<ObjectNode>set(
            "n0", new ObjectMapper().createObjectNode().put("certificates", 40).put("signed", 30));
    StubNode o0 = new StubNode("o0", null);
    try (o0;
        LiveState state = new LiveState("net", source, clock::get)) {
      o0.observerStatus = status;
      source.endpoints.add(
          new LiveSource.NodeEndpoint("o0", "running", Optional.of(o0.uri()), null));
      Snapshot s = state.refresh();
      assertThat(s.nodes().get(3).role()).isEqualTo("observer");
      assertThat(s.participation().source()).isEqualTo("observer o0");
      assertThat(s.participation().cumulative()).as("an observer counts since it started").isTrue();
      assertThat(s.participation().validators())
          .containsExactly(Participation.Validator.of("n0", 40, 30));
    }
  }

  @Test
  void aHolderThatDoesNotAnswerIsSaidAndTheLastRowsStay() throws Exception {
    try (LiveState state = new LiveState("net", source, clock::get)) {
      state.refresh();
      source.broken = true;
      Snapshot s = state.refresh();
      assertThat(s.sourceError()).isEqualTo("the supervisor does not answer");
      assertThat(s.nodes()).hasSize(3);
    }
  }

  @Test
  void aSupervisorThatNeverAnsweredShowsTheManifestsNodesAndTheReasonNotAClassName()
      throws Exception {
    // The JDK's HTTP client throws ConnectException without a message when nothing listens.
    StatusSource dead =
        new StatusSource(
            () -> {
              throw new java.net.ConnectException();
            },
            List.of("n0", "n1", "n2", "n3"));
    try (LiveState state = new LiveState("net", dead, clock::get)) {
      Snapshot s = state.refresh();
      assertThat(s.sourceError()).isEqualTo("connection refused");
      assertThat(s.nodes()).extracting(NodeRow::name).containsExactly("n0", "n1", "n2", "n3");
      assertThat(s.nodes()).allSatisfy(r -> assertThat(r.answered()).isFalse());
      assertThat(s.nodes().get(0).state()).isEqualTo("unknown");
      assertThat(s.nodes().get(0).error()).isEqualTo("connection refused");
    }
  }

  @Test
  void aFailureIsDescribedByTheFirstMessageInItsCauses() {
    assertThat(LiveState.describe(new IOException(new java.net.ConnectException("refused to x"))))
        .isEqualTo("refused to x");
    assertThat(LiveState.describe(new IOException(null, new java.net.ConnectException("to x"))))
        .isEqualTo("to x");
    assertThat(LiveState.describe(new java.net.http.HttpTimeoutException("")))
        .isEqualTo("timed out");
    assertThat(LiveState.describe(new IOException())).isEqualTo("read failed (IOException)");
  }

  @Test
  void aStatusTheHolderAlreadyReadIsUsedAsIs() throws Exception {
    ObjectNode status =
        new ObjectMapper().createObjectNode().put("height", 42).put("version", "from-holder");
    source.endpoints.set(2, new LiveSource.NodeEndpoint("n2", "running", Optional.empty(), status));
    try (LiveState state = new LiveState("net", source, clock::get)) {
      NodeRow row = state.refresh().nodes().get(2);
      assertThat(row.height()).isEqualTo(42);
      assertThat(row.version()).isEqualTo("from-holder");
      assertThat(row.role()).isEqualTo("observer");
    }
  }

  @Test
  void aRunningNodeWithoutAnEndpointSaysSo() throws Exception {
    source.endpoints.set(2, new LiveSource.NodeEndpoint("n2", "running", Optional.empty(), null));
    try (LiveState state = new LiveState("net", source, clock::get)) {
      assertThat(state.refresh().nodes().get(2).error())
          .isEqualTo("no RPC endpoint the lab can reach");
    }
  }

  static final class FakeSource implements LiveSource {
    final List<NodeEndpoint> endpoints = new ArrayList<>();
    final List<FaultInForce> faults = new ArrayList<>();
    volatile boolean broken;
    Optional<LoadView> load = Optional.empty();

    @Override
    public List<NodeEndpoint> nodes() throws IOException {
      if (broken) {
        throw new IOException("the supervisor does not answer");
      }
      return List.copyOf(endpoints);
    }

    @Override
    public List<FaultInForce> faults() {
      return List.copyOf(faults);
    }

    @Override
    public Optional<LoadView> load() {
      return load;
    }
  }
}
