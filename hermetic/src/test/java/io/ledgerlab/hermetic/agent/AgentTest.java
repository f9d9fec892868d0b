package io.ledgerlab.hermetic.agent;

import static io.ledgerlab.hermetic.feed.FeedFixture.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.hermetic.feed.Feed;
import io.ledgerlab.hermetic.feed.FeedFixture;
import io.ledgerlab.hermetic.feed.FeedServer;
import io.ledgerlab.hermetic.feed.Instruction;
import io.ledgerlab.hermetic.feed.Uploads;
import io.ledgerlab.hermetic.tuf.HttpFetcher;
import io.ledgerlab.hermetic.tuf.Key;
import io.ledgerlab.hermetic.tuf.TufException;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real feed served over HTTP in the same JVM, with executors that record what
 * they are asked. The agent's self-check is given one that overlooks the test's own feed server
 * (the one listening socket a unit test cannot avoid), except where the real check is under test.
 */
class AgentTest {
  private static final String AGENT_ID = new Key(AGENT.publicKey()).id();

  @TempDir Path tmp;
  private Feed feed;
  private FeedServer server;
  private final List<HttpFetcher> fetchers = new ArrayList<>();
  private final List<String> console = Collections.synchronizedList(new ArrayList<>());
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final Recorder recorder = new Recorder();
  private final Map<String, Executor> executors = new HashMap<>();

  /** An executor that records each instruction it is asked to carry out, in order. */
  static final class Recorder implements Executor {
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Map<String, byte[]>> files = new HashMap<>();

    @Override
    public Result execute(Instruction instruction, Map<String, Path> given, Path out)
        throws IOException {
      ran.add(instruction.id());
      Map<String, byte[]> read = new HashMap<>();
      for (var e : given.entrySet()) {
        read.put(e.getKey(), Files.readAllBytes(e.getValue()));
      }
      files.put(instruction.id(), read);
      Files.writeString(out.resolve("result.txt"), "did " + instruction.id() + "\n");
      return new Result(true, "did " + instruction.id());
    }
  }

  @BeforeEach
  void start() throws Exception {
    feed = FeedFixture.init(tmp.resolve("feed"), Instant.now());
    server = FeedServer.start(feed, new InetSocketAddress("127.0.0.1", 0), line -> {});
    Agent.provision(tmp.resolve("state"), feed.repo().resolve("metadata/1.root.json"));
    executors.put(Instruction.CollectLogs.KIND, recorder);
    executors.put(Instruction.Run.KIND, recorder);
  }

  @AfterEach
  void stop() {
    server.close();
    fetchers.forEach(HttpFetcher::close);
  }

  /** The real self-check, less the test's own feed server. */
  private Agent.ListeningCheck exceptTheFeedServer() {
    int port = server.address().getPort();
    return () ->
        ListeningSockets.ofThisProcess().stream().filter(s -> !s.endsWith(":" + port)).toList();
  }

  private Agent agent(Clock clock) throws IOException {
    URI base = URI.create(server.url());
    HttpFetcher fetcher = new HttpFetcher(base, Duration.ofSeconds(5));
    fetchers.add(fetcher);
    return new Agent(
        tmp.resolve("state"),
        fetcher,
        base,
        AGENT,
        executors,
        (level, name, fields) -> events.add(name),
        console::add,
        clock,
        Duration.ofSeconds(5),
        exceptTheFeedServer());
  }

  private Agent agent() throws IOException {
    return agent(Clock.systemUTC());
  }

  private void publish(String... json) throws Exception {
    for (String j : json) {
      feed.addInstruction(j.getBytes(StandardCharsets.UTF_8), "test.json");
    }
    FeedFixture.signAndPublish(feed, Instant.now());
  }

  private static String logs(String id) {
    return "{\"id\": \"" + id + "\", \"kind\": \"collect-logs\", \"last\": \"5m\"}";
  }

  /** The upload the server holds for {@code id}, verified as the operator verifies it. */
  private Uploads.Verified upload(String id) throws Exception {
    Path dir = feed.uploads().resolve(AGENT_ID).resolve(id);
    try (var tags = Files.list(dir)) {
      List<Path> all = tags.toList();
      assertThat(all).as("uploads of %s", id).hasSize(1);
      return Uploads.verify(all.get(0), new Key(AGENT.publicKey()));
    }
  }

  /**
   * The id in an instruction target's custom metadata names the agent's journal file: one that is
   * not an instruction id (here a path out of the journal) is reported and never run.
   */
  @Test
  void anInstructionTargetWhoseIdIsNotAnIdIsReportedNotRun() throws Exception {
    Path content = feed.dir().resolve("content/instructions/evil.json");
    Files.createDirectories(content.getParent());
    Files.writeString(content, logs("evil"));
    Files.writeString(
        feed.dir().resolve("content.json"),
        "{\"instructions/evil.json\": {\"instruction\":"
            + " {\"id\": \"../../escaped\", \"kind\": \"collect-logs\", \"seq\": 1}}}");
    FeedFixture.signAndPublish(feed, Instant.now());

    Agent.Poll p = agent().poll();

    assertThat(p.verified()).isTrue();
    assertThat(p.ran()).isEmpty();
    assertThat(recorder.ran).isEmpty();
    assertThat(events)
        .contains("agent.instruction.unreadable")
        .doesNotContain("agent.instruction.started");
    assertThat(tmp.resolve("escaped.json")).doesNotExist();
    assertThat(tmp.resolve("state/escaped.json")).doesNotExist();
  }

  // ---- Once, in order --------------------------------------------------------------------------

  @Test
  void anInstructionRunsOnceAndItsOutcomeIsUploadedSigned() throws Exception {
    publish(logs("logs-1"));
    Agent agent = agent();
    Agent.Poll first = agent.poll();
    assertThat(first.verified()).isTrue();
    assertThat(first.refused()).isEmpty();
    assertThat(first.listening()).isEmpty();
    assertThat(first.ran()).containsExactly("logs-1");
    assertThat(first.uploaded()).isEqualTo(1);
    assertThat(recorder.ran).containsExactly("logs-1");

    Uploads.Verified v = upload("logs-1");
    assertThat(v.state()).isEqualTo("done");
    assertThat(v.detail()).isEqualTo("did logs-1");
    assertThat(v.files()).containsOnlyKeys("result.txt");
    assertThat(agent.journal().get("logs-1").orElseThrow().uploaded()).isTrue();

    Agent.Poll second = agent.poll();
    assertThat(second.ran()).isEmpty();
    assertThat(second.skipped()).containsExactly("logs-1");
    assertThat(second.uploaded()).isZero();

    // A new agent on the same state directory: the journal remembers.
    Agent.Poll restarted = agent().poll();
    assertThat(restarted.verified()).isTrue();
    assertThat(restarted.ran()).isEmpty();
    assertThat(recorder.ran).containsExactly("logs-1");
  }

  @Test
  void theFilesAnInstructionNamesReachTheExecutorVerified() throws Exception {
    byte[] scenario = "name: quick\n".getBytes(StandardCharsets.UTF_8);
    feed.addFile("files/quickstart.yaml", scenario);
    publish("{\"id\": \"run-1\", \"kind\": \"run\", \"scenario\": \"files/quickstart.yaml\"}");
    assertThat(agent().poll().ran()).containsExactly("run-1");
    assertThat(recorder.files.get("run-1")).containsOnlyKeys("files/quickstart.yaml");
    assertThat(recorder.files.get("run-1").get("files/quickstart.yaml")).isEqualTo(scenario);
    assertThat(tmp.resolve("state/files/run-1/files/quickstart.yaml")).hasBinaryContent(scenario);
  }

  @Test
  void instructionsRunInTheFeedsOrder() throws Exception {
    // Added zeta, alpha, mid: by path the feed would list them alpha, mid, zeta.
    publish(logs("zeta"), logs("alpha"), logs("mid"));
    Agent.Poll p = agent().poll();
    assertThat(p.ran()).containsExactly("zeta", "alpha", "mid");
    assertThat(recorder.ran).containsExactly("zeta", "alpha", "mid");
    assertThat(p.uploaded()).isEqualTo(3);

    // A later publication runs only what is new.
    publish(logs("beta"));
    assertThat(agent().poll().ran()).containsExactly("beta");
    assertThat(recorder.ran).containsExactly("zeta", "alpha", "mid", "beta");
  }

  @Test
  void nothingAfterAnInstructionThatCouldNotBeFetchedRunsBeforeIt() throws Exception {
    feed.addFile("files/quickstart.yaml", "name: quick\n".getBytes(StandardCharsets.UTF_8));
    publish(
        "{\"id\": \"first\", \"kind\": \"run\", \"scenario\": \"files/quickstart.yaml\"}",
        logs("second"));
    // The first one's file is listed but gone from the server: a mirror that lost it.
    Path served;
    try (var s = Files.walk(feed.repo().resolve("targets"))) {
      served =
          s.filter(f -> f.getFileName().toString().endsWith(".quickstart.yaml"))
              .findFirst()
              .orElseThrow();
    }
    byte[] kept = Files.readAllBytes(served);
    Files.delete(served);

    Agent.Poll p = agent().poll();
    assertThat(p.ran()).isEmpty();
    assertThat(recorder.ran).isEmpty();
    assertThat(events).contains("agent.instruction.deferred");
    assertThat(tmp.resolve("state/journal/first.json")).doesNotExist();

    Files.write(served, kept);
    assertThat(agent().poll().ran()).containsExactly("first", "second");
  }

  @Test
  void anInstructionPastItsExpiryIsRecordedNotRun() throws Exception {
    feed.addInstruction(
        logs("late").getBytes(StandardCharsets.UTF_8),
        "late.json",
        Optional.of(Instant.now().minusSeconds(60)));
    FeedFixture.signAndPublish(feed, Instant.now());

    Agent.Poll p = agent().poll();
    assertThat(p.ran()).containsExactly("late");
    assertThat(recorder.ran).isEmpty();
    Journal.Entry e = new Journal(tmp.resolve("state/journal")).get("late").orElseThrow();
    assertThat(e.state()).isEqualTo(Journal.State.FAILED);
    assertThat(e.detail()).startsWith("not run: it expired at ");
    assertThat(upload("late").state()).isEqualTo("failed");
  }

  @Test
  void aStateThatRanInstructionsIsNotProvisionedAgain() throws Exception {
    publish(logs("one"));
    agent().poll();
    Files.delete(tmp.resolve("state/trusted/root.json"));

    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                java.io.IOException.class,
                () ->
                    Agent.provision(
                        tmp.resolve("state"), feed.repo().resolve("metadata/1.root.json"))))
        .hasMessageContaining("has a journal but no trusted root");
    assertThat(tmp.resolve("state/trusted/root.json")).doesNotExist();
  }

  // ---- Cut short -------------------------------------------------------------------------------

  /** What a stop mid-run does to the agent's code: nothing after the executor's call runs. */
  static final class Stop extends Error {
    private static final long serialVersionUID = 1L;

    Stop() {
      super("the agent's process stops here");
    }
  }

  @Test
  void anInstructionCutShortIsMarkedInterruptedOnRestartNotRunAgain() throws Exception {
    publish(logs("logs-1"));
    List<String> asked = new ArrayList<>();
    executors.put(
        Instruction.CollectLogs.KIND,
        (in, files, out) -> {
          asked.add(in.id());
          Files.writeString(out.resolve("partial.log"), "half\n");
          throw new Stop();
        });
    Agent first = agent();
    try {
      first.poll();
      throw new AssertionError("the stop did not propagate");
    } catch (Stop expected) {
      // The process would be gone now; its journal says the instruction started.
    }
    assertThat(first.journal().get("logs-1").orElseThrow().state())
        .isEqualTo(Journal.State.STARTED);
    assertThat(feed.uploads().resolve(AGENT_ID).resolve("logs-1")).doesNotExist();

    executors.put(Instruction.CollectLogs.KIND, recorder);
    Agent restarted = agent();
    assertThat(restarted.journal().get("logs-1").orElseThrow().state())
        .isEqualTo(Journal.State.INTERRUPTED);
    assertThat(console).contains("instruction logs-1 was cut short by a stop; it is not run again");
    assertThat(events).contains("agent.instruction.interrupted");

    Agent.Poll p = restarted.poll();
    assertThat(p.ran()).isEmpty();
    assertThat(p.skipped()).containsExactly("logs-1");
    assertThat(p.uploaded()).isEqualTo(1);
    assertThat(asked).containsExactly("logs-1");
    assertThat(recorder.ran).isEmpty();
    Uploads.Verified v = upload("logs-1");
    assertThat(v.state()).isEqualTo("interrupted");
    assertThat(v.detail()).isEqualTo("the agent stopped while it ran; not run again");
    // What it wrote before the stop goes with it, signed, for the operator to look at.
    assertThat(v.files()).containsOnlyKeys("partial.log");
  }

  @Test
  void anExecutorThatThrowsFailsTheInstructionWithTheReason() throws Exception {
    publish(logs("logs-1"));
    executors.put(
        Instruction.CollectLogs.KIND,
        (in, files, out) -> {
          throw new IOException("disk full");
        });
    Agent.Poll p = agent().poll();
    assertThat(p.ran()).containsExactly("logs-1");
    Uploads.Verified v = upload("logs-1");
    assertThat(v.state()).isEqualTo("failed");
    assertThat(v.detail()).isEqualTo("failed: java.io.IOException: disk full");
  }

  // ---- Uploads ---------------------------------------------------------------------------------

  @Test
  void anUploadThatFailsIsSentOnALaterPoll() throws Exception {
    publish(logs("logs-1"));
    int port = server.address().getPort();
    // The server goes away while the instruction runs: the feed was fetched, the upload fails.
    executors.put(
        Instruction.CollectLogs.KIND,
        (in, files, out) -> {
          server.close();
          return recorder.execute(in, files, out);
        });
    Agent agent = agent();
    Agent.Poll p = agent.poll();
    assertThat(p.ran()).containsExactly("logs-1");
    assertThat(p.uploaded()).isZero();
    assertThat(events).contains("agent.upload.failed");
    Journal.Entry e = agent.journal().get("logs-1").orElseThrow();
    assertThat(e.state()).isEqualTo(Journal.State.DONE);
    assertThat(e.uploaded()).isFalse();

    // Down: the feed is refused as unreachable, and the upload still waits.
    Agent.Poll down = agent.poll();
    assertThat(down.verified()).isFalse();
    assertThat(down.refused().orElseThrow().reason()).isEqualTo(TufException.Reason.FETCH_FAILED);
    assertThat(down.uploaded()).isZero();

    // Back on the same address: the next poll sends it, and only once.
    server = FeedServer.start(feed, new InetSocketAddress("127.0.0.1", port), line -> {});
    Agent.Poll back = agent.poll();
    assertThat(back.verified()).isTrue();
    assertThat(back.ran()).isEmpty();
    assertThat(back.uploaded()).isEqualTo(1);
    assertThat(upload("logs-1").state()).isEqualTo("done");
    assertThat(agent.journal().get("logs-1").orElseThrow().uploaded()).isTrue();
    assertThat(agent.poll().uploaded()).isZero();
    assertThat(recorder.ran).containsExactly("logs-1");
  }

  // ---- Refusals --------------------------------------------------------------------------------

  @Test
  void anExpiredFeedIsRefusedAndNothingRuns() throws Exception {
    publish(logs("logs-1"));
    Agent.Poll p = agent(Clock.offset(Clock.systemUTC(), Duration.ofDays(2))).poll();
    assertThat(p.verified()).isFalse();
    assertThat(p.refused().orElseThrow().reason()).isEqualTo(TufException.Reason.EXPIRED);
    assertThat(p.refused().orElseThrow()).hasMessageContaining("timestamp.json: expired at");
    assertThat(p.ran()).isEmpty();
    assertThat(recorder.ran).isEmpty();
    assertThat(new Journal(tmp.resolve("state/journal")).all()).isEmpty();
    assertThat(events).contains("agent.feed.refused");
  }

  @Test
  void aKindThisAgentCannotCarryOutWaitsForOneThatCan() throws Exception {
    feed.addFile("files/tally-2.jar", new byte[] {'P', 'K', 3, 4});
    publish(
        "{\"id\": \"up-1\", \"kind\": \"upgrade-chaincode\", \"chainCode\": \"tally\","
            + " \"version\": 2, \"jar\": \"files/tally-2.jar\", \"activation\": \"+20\"}",
        logs("after"));
    Agent.Poll p = agent().poll();
    assertThat(p.verified()).isTrue();
    assertThat(p.ran()).as("nothing after it runs first").isEmpty();
    assertThat(recorder.ran).isEmpty();
    assertThat(events).contains("agent.instruction.waiting");
    assertThat(console)
        .anyMatch(l -> l.contains("up-1 (upgrade-chaincode) waits: this agent manages no network"));
    assertThat(tmp.resolve("state/journal/up-1.json")).as("not burnt").doesNotExist();

    // The same state, started by an agent that can: it runs, then what came after.
    executors.put(Instruction.UpgradeChainCode.KIND, recorder);
    assertThat(agent().poll().ran()).containsExactly("up-1", "after");
  }

  // ---- The self-check --------------------------------------------------------------------------

  @Test
  void aListeningSocketInTheAgentsProcessStopsItFromActing() throws Exception {
    publish(logs("logs-1"));
    Agent agent = agent();
    try (ServerSocket open = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Agent.Poll p = agent.poll();
      assertThat(p.listening()).anyMatch(s -> s.endsWith(":" + open.getLocalPort()));
      assertThat(p.verified()).isFalse();
      assertThat(p.ran()).isEmpty();
      assertThat(recorder.ran).isEmpty();
      assertThat(agent.journal().all()).isEmpty();
      assertThat(events).contains("agent.listening");
    }
    // Closed, the agent acts again.
    assertThat(agent.poll().ran()).containsExactly("logs-1");
  }

  @Test
  void theDefaultSelfCheckIsTheRealOne() throws Exception {
    publish(logs("logs-1"));
    URI base = URI.create(server.url());
    HttpFetcher fetcher = new HttpFetcher(base, Duration.ofSeconds(5));
    fetchers.add(fetcher);
    Agent agent =
        new Agent(
            tmp.resolve("state"),
            fetcher,
            base,
            AGENT,
            executors,
            EventLog.NONE,
            console::add,
            Clock.systemUTC(),
            Duration.ofSeconds(5));
    // The feed server listens in this JVM, so the agent finds it and refuses.
    Agent.Poll p = agent.poll();
    assertThat(p.listening()).anyMatch(s -> s.endsWith(":" + server.address().getPort()));
    assertThat(p.ran()).isEmpty();
    assertThat(recorder.ran).isEmpty();
    assertThat(console).anyMatch(l -> l.startsWith("refusing to act: this process listens on"));
  }

  @Test
  void anIdThatRanWithOtherContentIsNotRunAgainAndSaysSo() throws Exception {
    // The operator's feed refuses a reused id; a journal entry of other content stands in for a
    // feed that republished one anyway.
    Journal journal = new Journal(tmp.resolve("state/journal"));
    Instant ranAt = Instant.parse("2026-11-28T10:00:00Z");
    journal.uploaded(
        journal.finish(
            journal.start("logs-1", "collect-logs", "00".repeat(32), 1, ranAt),
            true,
            "did it",
            ranAt));
    publish(logs("logs-1"));
    Agent agent = agent();
    Agent.Poll p = agent.poll();
    assertThat(p.ran()).isEmpty();
    assertThat(p.skipped()).containsExactly("logs-1");
    assertThat(recorder.ran).isEmpty();
    assertThat(console)
        .contains(
            "instruction logs-1 is in the feed again with other content; it ran at "
                + ranAt
                + " and is not run again");
    assertThat(events).contains("agent.instruction.replayed");
    // Said once per agent, not on every poll.
    assertThat(agent.poll().skipped()).isEmpty();
  }
}
