package io.ledgerlab.lab.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.observe.log.LogFilter;
import io.ledgerlab.observe.log.LogMerge;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observer check over observers' logs written as the nodes write them (JSON lines), read back
 * the way a run reads them: VALID with blocks and no divergence, INVALID naming the first
 * divergence, UNKNOWN with no block at all.
 */
class ObserverCheckTest {
  private static final long ZERO = 1_767_225_600_000_000L;

  @TempDir Path dir;

  private final List<Path> logs = new ArrayList<>();

  @Test
  void blocksThatReExecuteAlikeAreValidWithTheHeightsFollowed() throws IOException {
    log(
        "o0",
        w -> {
          block(w, 1, "n0", 0, 0, List.of("n0", "n1", "n2"), List.of("n3"));
          block(w, 2, "n1", 0, 510_000, List.of("n0", "n1", "n2", "n3"), List.of());
        });
    log("o1", w -> block(w, 1, "n0", 0, 0, List.of("n0", "n1", "n2"), List.of("n3")));

    CheckResult r = check();

    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.details()).startsWith("3 blocks re-executed").contains("highest: o0 2, o1 1");
  }

  @Test
  void aDivergenceIsInvalidNamingTheLowestHeightTheRootBothValuesAndTheObserver()
      throws IOException {
    log(
        "o0",
        w -> {
          block(w, 1, "n0", 0, 0, List.of("n0", "n1", "n2", "n3"), List.of());
          divergence(w, 5, "receiptsRoot", "aa11", "bb22");
        });
    log("o1", w -> divergence(w, 3, "stateRoot", "8e49", "a1a9"));

    CheckResult r = check();

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.details())
        .contains("o1: block 3 re-executes to stateRoot a1a9, but its header says 8e49")
        .contains("1 more divergence");
    assertThat(r.atSeconds()).isNotNull();
  }

  @Test
  void anObserverStuckBelowTheValidatorsIsInvalidWithWhyItsLogGives() throws IOException {
    log("o0", w -> blocks(w, 12));
    log("o1", w -> blocks(w, 17));

    CheckResult r =
        check(
            NodeStatus.RUNNING,
            List.of(
                new Rejection(
                    "o0", 13, "ab12", "block 13 is invalid: no chain code 'token-v2'", 14.5)));

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.details())
        .isEqualTo(
            "o0 re-executed 12 of 20 blocks; stuck at 12: block 13 refused: block 13 is invalid:"
                + " no chain code 'token-v2'");
    assertThat(r.atSeconds()).isEqualTo(14.5);
  }

  @Test
  void aStuckObserverWithNothingLoggedIsStillInvalid() throws IOException {
    log("o0", w -> blocks(w, 20));
    log("o1", w -> blocks(w, 2));

    CheckResult r = check(NodeStatus.RUNNING, List.of());

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.details()).startsWith("o1 re-executed 2 of 20 blocks; stuck at 2: its log says");
  }

  @Test
  void anObserverAFewBlocksBehindAtTheEndIsValid() throws IOException {
    log("o0", w -> blocks(w, 20 - ObserverChecker.BEHIND_MAX));
    log("o1", w -> blocks(w, 20));

    assertThat(check(NodeStatus.RUNNING, List.of()).validity()).isEqualTo(Validity.VALID);
  }

  @Test
  void aStuckObserverThatWasDownAtTheEndIsUnknown() throws IOException {
    log("o0", w -> blocks(w, 12));
    log("o1", w -> blocks(w, 20));

    CheckResult r = check(NodeStatus.DOWN, List.of());

    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.details())
        .startsWith("o0 re-executed 12 of 20 blocks; stuck at 12, but it was down at the end");
  }

  @Test
  void noBlockFromAnyObserverIsUnknownNeverValid() throws IOException {
    log("o0", w -> w.info("observer.peer", Map.of("peer", "n1", "version", "v1")));
    log("n0", w -> w.info("block.committed", Map.of("height", 1, "hash", "ab")));

    CheckResult r = check();

    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.details()).contains("no observer logged").contains("[o0, o1]");
  }

  @Test
  void theObserverCheckRunsOnlyForANetworkWithObservers() {
    assertThat(Checkers.standard(List.of(), false))
        .extracting(Checker::name)
        .doesNotContain(ObserverChecker.NAME);
    assertThat(Checkers.standard(List.of(), false, List.of("o0")))
        .extracting(Checker::name)
        .endsWith(ObserverChecker.NAME);
  }

  @Test
  void theEventsFieldsAreReadAsLogged() throws IOException {
    log(
        "o0",
        w -> {
          block(w, 7, "n2", 1, 1_200_000, List.of("n0", "n2", "n3"), List.of("n1"));
          w.info("observer.peer", Map.of("peer", "n1", "version", "v2"));
        });

    Observations o = read();

    assertThat(o.blocks()).hasSize(1);
    Observations.Block b = o.blocks().get(0);
    assertThat(b.observer()).isEqualTo("o0");
    assertThat(b.height()).isEqualTo(7);
    assertThat(b.proposer()).isEqualTo("n2");
    assertThat(b.round()).isEqualTo(1);
    assertThat(b.intervalMicros()).isEqualTo(1_200_000);
    assertThat(b.signers()).containsExactly("n0", "n2", "n3");
    assertThat(b.missing()).containsExactly("n1");
    assertThat(o.peers()).containsExactly(new Observations.Peer("o0", "n1", "v2", 0.0));
  }

  // ---- Logs as nodes write them
  // ------------------------------------------------------------------

  private interface Writes {
    void to(JsonLogWriter w) throws IOException;
  }

  private void log(String node, Writes writes) throws IOException {
    Path file = dir.resolve(node + ".jsonl");
    try (JsonLogWriter w = new JsonLogWriter(file, node, () -> ZERO, EventLog.Level.INFO)) {
      writes.to(w);
    }
    logs.add(file);
  }

  private static void block(
      JsonLogWriter w,
      long height,
      String proposer,
      int round,
      long intervalMicros,
      List<String> signers,
      List<String> missing) {
    w.info(
        "observer.block",
        Map.of(
            "height", height,
            "proposer", proposer,
            "round", round,
            "intervalMicros", intervalMicros,
            "signers", signers,
            "missing", missing));
  }

  private static void divergence(
      JsonLogWriter w, long height, String field, String header, String computed) {
    w.warn(
        "observer.divergence",
        Map.of("height", height, "field", field, "header", header, "computed", computed));
  }

  private static void blocks(JsonLogWriter w, long upTo) {
    for (long h = 1; h <= upTo; h++) {
      block(w, h, "n0", 0, 500_000, List.of("n0", "n1", "n2", "n3"), List.of());
    }
  }

  /**
   * The check over validators n0-n3 whose chains end at 20 (n3's at 21), and observers o0 (ending
   * {@code o0End}) and o1, with the nodes' refusals.
   */
  private CheckResult check(NodeStatus o0End, List<Rejection> rejections) throws IOException {
    List<NodeInfo> nodes = new ArrayList<>();
    Map<String, NodeRead> reads = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      String name = "n" + i;
      nodes.add(new NodeInfo(name, true, "honest", "none", 1, "val-" + name, NodeStatus.RUNNING));
      reads.put(name, new NodeRead(name, chain(i == 3 ? 21 : 20), null, null, null, null, null));
    }
    nodes.add(new NodeInfo("o0", true, "honest", "none", 0, "", o0End, "current", true));
    nodes.add(
        new NodeInfo("o1", true, "honest", "none", 0, "", NodeStatus.RUNNING, "current", true));
    RunRecord record =
        new RunRecord(
            nodes,
            new History(100),
            reads,
            List.of(),
            Map.of(),
            0,
            0,
            List.of(),
            new LoadRecorder(),
            0,
            List.of(),
            rejections,
            null,
            null,
            read());
    return new ObserverChecker(List.of("o0", "o1")).check(record);
  }

  private static List<BlockView> chain(int length) {
    List<BlockView> out = new ArrayList<>();
    String parent = "00".repeat(32);
    for (int h = 1; h <= length; h++) {
      String hash = String.format("%064x", h);
      out.add(new BlockView(h, hash, parent, "11".repeat(32), List.of(), List.of(), null));
      parent = hash;
    }
    return out;
  }

  private Observations read() throws IOException {
    return Observations.of(
        LogMerge.read(logs, LogFilter.ALL.withEvents(Observations.EVENTS)), ZERO);
  }

  private CheckResult check() throws IOException {
    RunRecord record =
        new RunRecord(
            List.of(),
            new History(100),
            Map.of(),
            List.of(),
            Map.of(),
            0,
            0,
            List.of(),
            new LoadRecorder(),
            0,
            List.of(),
            List.of(),
            null,
            null,
            read());
    return new ObserverChecker(List.of("o0", "o1")).check(record);
  }
}
