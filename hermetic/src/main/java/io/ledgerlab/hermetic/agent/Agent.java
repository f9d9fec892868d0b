package io.ledgerlab.hermetic.agent;

import io.ledgerlab.hermetic.feed.Feed;
import io.ledgerlab.hermetic.feed.Instruction;
import io.ledgerlab.hermetic.feed.InstructionException;
import io.ledgerlab.hermetic.feed.Uploads;
import io.ledgerlab.hermetic.tuf.Fetcher;
import io.ledgerlab.hermetic.tuf.Key;
import io.ledgerlab.hermetic.tuf.TrustedStore;
import io.ledgerlab.hermetic.tuf.TufException;
import io.ledgerlab.hermetic.tuf.Updater;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.runtime.disk.DurableFiles;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The agent of a closed network. It listens on nothing: each poll it checks that of itself, fetches
 * the feed through the TUF client workflow, and carries out, in the feed's order, each instruction
 * it has not run — at most once, by id, across restarts ({@link Journal}). What an instruction
 * produced is signed with the agent's key and uploaded; an upload that fails is retried next poll.
 *
 * <pre>
 * STATE/trusted/      the TUF client's trusted metadata (root provisioned out of band)
 * STATE/journal/      one record per instruction id
 * STATE/files/ID/     the verified files each instruction named
 * STATE/outbox/ID/    what is uploaded for it, with the signed upload.json
 * STATE/runs/         the scenario runs
 * STATE/agent.jsonl   the agent's structured log
 * </pre>
 */
public final class Agent {
  /** What one poll did. */
  public record Poll(
      boolean verified,
      Optional<TufException> refused,
      List<String> ran,
      List<String> skipped,
      int uploaded,
      List<String> listening) {}

  private final Path state;
  private final Updater updater;
  private final Journal journal;
  private final KeyPair key;
  private final Map<String, Executor> executors;
  private final Uploader uploader;
  private final EventLog log;
  private final Consumer<String> console;
  private final Clock clock;
  private final ListeningCheck listeningCheck;
  private final Set<String> toldSkipped = new HashSet<>();

  /** The timestamp version last said verified: a poll that finds the same says nothing. */
  private long lastTimestamp = -1;

  /** The root version of the last verified feed, to say when it rotates. */
  private long lastRoot = -1;

  /** How the agent finds, each poll, the sockets its own process listens on. */
  @FunctionalInterface
  interface ListeningCheck {
    /** Each listening socket as "tcp 127.0.0.1:port"; empty when none. */
    List<String> listening() throws IOException;
  }

  public Agent(
      Path state,
      Fetcher fetcher,
      URI feed,
      KeyPair key,
      Map<String, Executor> executors,
      EventLog log,
      Consumer<String> console,
      Clock clock,
      Duration fetchDeadline)
      throws IOException {
    this(
        state,
        fetcher,
        feed,
        key,
        executors,
        log,
        console,
        clock,
        fetchDeadline,
        ListeningSockets::ofThisProcess);
  }

  /**
   * As above, with the self-check given: for unit tests, whose feed server listens in the agent's
   * own JVM and would make the real check refuse every poll. Anything else uses {@link
   * ListeningSockets#ofThisProcess}.
   */
  Agent(
      Path state,
      Fetcher fetcher,
      URI feed,
      KeyPair key,
      Map<String, Executor> executors,
      EventLog log,
      Consumer<String> console,
      Clock clock,
      Duration fetchDeadline,
      ListeningCheck listeningCheck)
      throws IOException {
    this.listeningCheck = listeningCheck;
    this.state = state;
    this.updater =
        new Updater(
            new TrustedStore(state.resolve("trusted")), fetcher, clock, Updater.Limits.DEFAULT);
    this.journal = new Journal(state.resolve("journal"));
    this.key = key;
    this.executors = Map.copyOf(executors);
    this.uploader = new Uploader(feed, fetchDeadline);
    this.log = log;
    this.console = console;
    this.clock = clock;
    for (Journal.Entry e : journal.recover(clock.instant())) {
      log.warn("agent.instruction.interrupted", Map.of("id", e.id(), "kind", e.kind()));
      console.accept("instruction " + e.id() + " was cut short by a stop; it is not run again");
    }
  }

  /** Seeds a new state directory with the root the operator handed over out of band. */
  public static void provision(Path state, Path root) throws IOException {
    Path trusted = state.resolve("trusted").resolve("root.json");
    if (Files.exists(trusted)) {
      return;
    }
    // A state that has run instructions lost its trusted root: trusting the first root again would
    // undo every rotation since. That is for the operator to decide, not for a restart.
    Path journal = state.resolve("journal");
    if (Files.isDirectory(journal)) {
      try (var entries = Files.list(journal)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(
              state
                  + " has a journal but no trusted root; refusing to trust "
                  + root
                  + " again (move the state aside to start over)");
        }
      }
    }
    DurableFiles.write(trusted, Files.readAllBytes(root));
  }

  public String keyId() {
    return new Key(key.publicKey()).id();
  }

  public Journal journal() {
    return journal;
  }

  /** One poll: check itself, verify the feed, run what is new, upload what waits. */
  public Poll poll() throws IOException {
    List<String> listening = listeningCheck.listening();
    if (!listening.isEmpty()) {
      // Not hermetic: refuse to act rather than run instructions from a reachable process.
      log.event(
          EventLog.Level.ERROR, "agent.listening", Map.of("sockets", String.join(", ", listening)));
      console.accept("refusing to act: this process listens on " + listening);
      return new Poll(false, Optional.empty(), List.of(), List.of(), 0, listening);
    }
    Updater.Trusted trusted;
    try {
      trusted = updater.refresh();
    } catch (TufException e) {
      log.warn(
          "agent.feed.refused", Map.of("reason", e.reason().name(), "message", e.getMessage()));
      console.accept("feed refused: " + e.getMessage());
      return new Poll(false, Optional.of(e), List.of(), List.of(), uploadPending(), listening);
    }
    if (lastRoot > 0 && trusted.root().version() != lastRoot) {
      console.accept("the feed's root is now version " + trusted.root().version());
    }
    lastRoot = trusted.root().version();
    if (trusted.timestamp().version() != lastTimestamp) {
      lastTimestamp = trusted.timestamp().version();
      log.info(
          "agent.feed.verified",
          Map.of(
              "root", trusted.root().version(),
              "timestamp", trusted.timestamp().version(),
              "snapshot", trusted.snapshot().version(),
              "targets", trusted.targets().version()));
    }
    List<Feed.InstructionRef> refs = new ArrayList<>();
    trusted
        .targets()
        .targets()
        .forEach(
            (path, t) -> {
              Optional<Feed.InstructionRef> ref = Feed.instructionOf(path, t);
              if (ref.isPresent()) {
                refs.add(ref.get());
              } else if (path.startsWith("instructions/")
                  && toldSkipped.add("unreadable " + path + "@" + t.sha256())) {
                log.warn("agent.instruction.unreadable", Map.of("path", path));
                console.accept(
                    path + ": its custom metadata does not say which instruction it is; not run");
              }
            });
    refs.sort(
        Comparator.comparingLong(Feed.InstructionRef::seq).thenComparing(Feed.InstructionRef::id));
    List<String> ran = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Feed.InstructionRef ref : refs) {
      Optional<Journal.Entry> done = journal.get(ref.id());
      if (done.isPresent()) {
        if (toldSkipped.add(ref.id() + "@" + ref.sha256())) {
          skipped.add(ref.id());
          if (!done.get().sha256().equals(ref.sha256())) {
            log.warn(
                "agent.instruction.replayed",
                Map.of(
                    "id",
                    ref.id(),
                    "ranAt",
                    done.get().startedAt().toString(),
                    "sha256",
                    ref.sha256()));
            console.accept(
                "instruction "
                    + ref.id()
                    + " is in the feed again with other content;"
                    + " it ran at "
                    + done.get().startedAt()
                    + " and is not run again");
          }
        }
        continue;
      }
      if (!carryOut(ref)) {
        // The operator's order holds: nothing after an instruction that could not be fetched runs
        // before it (an upgrade, then a run on the upgraded code).
        break;
      }
      ran.add(ref.id());
    }
    return new Poll(true, Optional.empty(), ran, skipped, uploadPending(), listening);
  }

  /**
   * Fetches an instruction and its files, then runs it once. A fetch that fails leaves no record,
   * so the next poll tries again (a feed served badly for a while is not an instruction's fault);
   * an instruction whose verified content does not read is recorded as failed, as it will never
   * read.
   */
  private boolean carryOut(Feed.InstructionRef ref) throws IOException {
    Instruction in = null;
    Map<String, Path> files = new LinkedHashMap<>();
    Journal.Entry entry;
    String why = null;
    try {
      byte[] bytes = updater.target(ref.path());
      try {
        in = Instruction.parse(bytes, ref.path());
        if (!in.id().equals(ref.id()) || !in.kind().equals(ref.kind())) {
          throw new InstructionException(
              ref.path()
                  + ": says "
                  + in.kind()
                  + " "
                  + in.id()
                  + ", the targets metadata "
                  + ref.kind()
                  + " "
                  + ref.id());
        }
      } catch (InstructionException e) {
        why = e.getMessage();
      }
      if (in != null && why == null) {
        // Under its target path, which Targets.PATH keeps inside the directory; two files of the
        // same name in different folders stay two files.
        Path dir = state.resolve("files").resolve(in.id());
        for (String f : in.files()) {
          byte[] content = updater.target(f);
          String pinned = ref.files().get(f);
          String sha = Sha256.hash(content).hex();
          if (pinned != null && !pinned.equals(sha)) {
            why =
                f
                    + " is not the file the instruction was added with (sha256 "
                    + sha
                    + ", pinned "
                    + pinned
                    + ")";
            break;
          }
          Path local = dir.resolve(f);
          DurableFiles.write(local, content);
          files.put(f, local);
        }
      }
    } catch (TufException e) {
      log.warn(
          "agent.instruction.deferred",
          Map.of("id", ref.id(), "reason", e.reason().name(), "message", e.getMessage()));
      console.accept(
          "instruction "
              + ref.id()
              + ": not fetched ("
              + e.getMessage()
              + "); next poll tries again");
      return false;
    }
    if (why == null && !executors.containsKey(in.kind())) {
      // This agent cannot carry it out as started (no --network): it waits, unrecorded, for an
      // agent that can, and nothing after it runs first.
      if (toldSkipped.add("waiting " + ref.id())) {
        log.warn("agent.instruction.waiting", Map.of("id", ref.id(), "kind", ref.kind()));
        console.accept(
            "instruction "
                + ref.id()
                + " ("
                + ref.kind()
                + ") waits: this agent manages no network; start it with --network");
      }
      return false;
    }
    if (why == null && ref.expires().isPresent() && !ref.expires().get().isAfter(clock.instant())) {
      // The operator bounded its validity: an agent that comes late (restored, re-provisioned)
      // records it and does not run it.
      why = "it expired at " + ref.expires().get();
    }
    entry = journal.start(ref.id(), ref.kind(), ref.sha256(), ref.seq(), clock.instant());
    log.info(
        "agent.instruction.started", Map.of("id", ref.id(), "kind", ref.kind(), "seq", ref.seq()));
    console.accept("instruction " + ref.id() + " (" + ref.kind() + "): started");
    Path out = state.resolve("outbox").resolve(ref.id());
    deleteTree(out);
    Files.createDirectories(out);
    Executor.Result result;
    if (why != null) {
      result = new Executor.Result(false, "not run: " + why);
    } else {
      try {
        result = executors.get(in.kind()).execute(in, files, out);
      } catch (Exception e) {
        result = new Executor.Result(false, "failed: " + e);
      }
    }
    entry = journal.finish(entry, result.ok(), result.detail(), clock.instant());
    Uploads.sign(
        out, key, ref.id(), ref.sha256(), entry.state().key(), result.detail(), clock.instant());
    log.info(
        "agent.instruction.finished",
        Map.of(
            "id",
            ref.id(),
            "kind",
            ref.kind(),
            "state",
            entry.state().key(),
            "detail",
            result.detail()));
    console.accept("instruction " + ref.id() + ": " + entry.state().key() + ": " + result.detail());
    return true;
  }

  /** Uploads what is finished and not yet taken by the server; returns how many went. */
  private int uploadPending() throws IOException {
    int sent = 0;
    for (Journal.Entry e : journal.all()) {
      if (e.uploaded() || e.state() == Journal.State.STARTED) {
        continue;
      }
      Path out = state.resolve("outbox").resolve(e.id());
      if (!Files.exists(out.resolve(Uploads.MANIFEST))) {
        // Cut short before it was signed: sign what it left, with the journal's word on it.
        Files.createDirectories(out);
        Uploads.sign(out, key, e.id(), e.sha256(), e.state().key(), e.detail(), clock.instant());
      }
      try {
        uploader.send(keyId(), e.id(), out);
        journal.uploaded(e);
        sent++;
        log.info("agent.upload.sent", Map.of("id", e.id(), "files", Uploads.files(out).size() + 1));
        console.accept("uploaded " + e.id() + " (" + e.state().key() + ")");
      } catch (IOException x) {
        log.warn(
            "agent.upload.failed", Map.of("id", e.id(), "reason", String.valueOf(x.getMessage())));
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        return sent;
      }
    }
    return sent;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
