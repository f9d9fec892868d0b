package io.ledgerlab.cli;

import io.ledgerlab.hermetic.agent.Agent;
import io.ledgerlab.hermetic.agent.ChainCodeUpgrader;
import io.ledgerlab.hermetic.agent.Executor;
import io.ledgerlab.hermetic.agent.LogCollector;
import io.ledgerlab.hermetic.agent.ManagedNetwork;
import io.ledgerlab.hermetic.agent.NodeSoftwareUpgrader;
import io.ledgerlab.hermetic.agent.ScenarioExecutor;
import io.ledgerlab.hermetic.feed.Instruction;
import io.ledgerlab.hermetic.tuf.HttpFetcher;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.node.keys.PasswordException;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.disk.HeldLock;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerlab agent}: the agent of a closed network; it polls a feed and listens on nothing.
 */
@Command(
    name = "agent",
    description = {
      "Poll a feed of signed instructions (TUF) and carry out each new one once: run a scenario,"
          + " upgrade chain code or roll a node build out on the nodes it manages, collect their"
          + " logs; upload the outcome"
          + " signed with the agent's key. It opens no listening socket, and checks that of"
          + " itself on every poll. See docs/hermetic.md.",
      "Exit codes: 0 stopped (after --polls, at least one of which verified the feed), 1"
          + " refused (a wrong password, a key that is not an agent key, a state another agent"
          + " holds; or no poll verified the feed), 2 bad usage, 3 the managed network did not"
          + " start or the agent found itself listening, 143 stopped by SIGTERM."
    },
    mixinStandardHelpOptions = true)
final class AgentCommand implements Callable<Integer> {
  private static final long STOP_WAIT_SECONDS = 90;

  private final CountDownLatch stopped = new CountDownLatch(1);
  @Spec CommandSpec spec;

  @Option(
      names = "--feed",
      required = true,
      paramLabel = "URL",
      description = "The feed, e.g. http://10.0.0.1:8700/.")
  URI feed;

  @Option(
      names = "--state",
      required = true,
      paramLabel = "DIR",
      description = "The agent's state directory.")
  Path state;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description = "The feed's 1.root.json, handed over out of band; needed on first start only.")
  Path root;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEYSTORE",
      description = "The agent's keystore (role agent).")
  Path key;

  @Mixin KeyPasswords.Current password;

  @Option(
      names = "--network",
      paramLabel = "MANIFEST",
      description =
          "A network manifest: the nodes this agent starts and manages (reference chain).")
  Path network;

  @Option(
      names = "--poll",
      defaultValue = "10s",
      description = "Time between polls. Default: ${DEFAULT-VALUE}.")
  String poll;

  @Option(names = "--polls", description = "Stop after this many polls (default: until stopped).")
  Integer polls;

  @Option(
      names = "--fetch-timeout",
      defaultValue = "30s",
      description = "The most one file of the feed may take to arrive. Default: ${DEFAULT-VALUE}.")
  String fetchTimeout;

  @Option(
      names = "--run-timeout",
      defaultValue = "30m",
      description = "The most a scenario or an upgrade may take. Default: ${DEFAULT-VALUE}.")
  String runTimeout;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration pollEvery = duration("--poll", poll);
    Duration fetch = duration("--fetch-timeout", fetchTimeout);
    Duration runFor = duration("--run-timeout", runTimeout);
    if (polls != null && polls < 1) {
      throw new IllegalArgumentException("--polls: at least 1");
    }
    String s = feed.toString();
    URI base = URI.create(s.endsWith("/") ? s : s + "/");
    if (!"http".equals(base.getScheme())) {
      throw new IllegalArgumentException("--feed: expected an http:// URL, got " + feed);
    }
    if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
      err.println(
          "ledgerlab agent: the agent checks that it listens on nothing through Linux's /proc;"
              + " it runs on Linux only");
      return ExitCode.CRASH;
    }
    Files.createDirectories(state);
    Optional<HeldLock> stateLock = HeldLock.tryLock(state.resolve(".lock"));
    if (stateLock.isEmpty()) {
      err.println(
          "ledgerlab agent: another agent is using "
              + state
              + " (its .lock is held); one agent per state directory");
      return ExitCode.CHECK_FAILED;
    }
    try (HeldLock held = stateLock.get()) {
      return run(out, err, pollEvery, fetch, runFor, base);
    }
  }

  private int run(
      PrintWriter out,
      PrintWriter err,
      Duration pollEvery,
      Duration fetch,
      Duration runFor,
      URI base)
      throws IOException {
    if (Files.exists(state.resolve("trusted/root.json")) && root != null) {
      say(out, "note: " + state + " trusts its own root already; --root is for a new state only");
    }
    if (!Files.exists(state.resolve("trusted/root.json"))) {
      if (root == null) {
        throw new IllegalArgumentException(
            "--root: a new agent needs the feed's 1.root.json (from feed init), handed over out of band");
      }
      try {
        Agent.provision(state, root);
      } catch (IOException e) {
        err.println("ledgerlab agent: " + e.getMessage());
        return ExitCode.CHECK_FAILED;
      }
    }
    KeyPair agentKey;
    try (Password p = password.source("password for the agent key", false).read()) {
      Keystore k = KeystoreFiles.read(key);
      if (k.role().isPresent() && k.role().get() != Role.AGENT) {
        err.println(
            "ledgerlab agent: "
                + key
                + " is a key of role "
                + k.role().get().key()
                + "; the agent signs with a key of role agent");
        return ExitCode.CHECK_FAILED;
      }
      agentKey = k.decrypt(p);
    } catch (KeystoreException | PasswordException e) {
      err.println("ledgerlab agent: " + e.getMessage());
      return ExitCode.CHECK_FAILED;
    }
    ManagedNetwork managed = null;
    try (JsonLogWriter log =
            new JsonLogWriter(
                state.resolve("agent.jsonl"),
                "agent",
                () -> System.currentTimeMillis() * 1_000,
                EventLog.Level.INFO);
        HttpFetcher fetcher = new HttpFetcher(base, fetch)) {
      if (network != null) {
        say(out, "starting the managed network of " + network);
        try {
          managed =
              ManagedNetwork.open(network, state.resolve("network"), log, Duration.ofSeconds(60));
        } catch (ManifestException e) {
          err.println("ledgerlab agent: " + e.getMessage());
          return ExitCode.USAGE;
        } catch (IOException e) {
          err.println("ledgerlab agent: the managed network did not start: " + e.getMessage());
          return ExitCode.CRASH;
        }
        say(out, "managed network up: " + managed.pids());
      }
      Map<String, Executor> executors = new HashMap<>();
      ScenarioExecutor scenarios =
          new ScenarioExecutor(ledgerlabCommand(), state.resolve("runs"), runFor);
      executors.put(Instruction.Run.KIND, scenarios);
      ManagedNetwork m = managed;
      executors.put(
          Instruction.CollectLogs.KIND,
          new LogCollector(
              () -> {
                List<Path> files = new ArrayList<>();
                files.add(state.resolve("agent.jsonl"));
                if (m != null) {
                  files.addAll(m.engine().logFiles());
                }
                return files;
              },
              Clock.systemUTC()));
      if (managed != null) {
        executors.put(
            Instruction.UpgradeChainCode.KIND, new ChainCodeUpgrader(managed, log, runFor));
        executors.put(
            Instruction.UpgradeNode.KIND,
            new NodeSoftwareUpgrader(managed, log, Duration.ofSeconds(120)));
      }
      Agent agent =
          new Agent(
              state,
              fetcher,
              base,
              agentKey,
              executors,
              log,
              line -> say(out, line),
              Clock.systemUTC(),
              fetch);
      log.info(
          "agent.started",
          Map.of(
              "feed", base.toString(), "agent", agent.keyId(), "managesNetwork", managed != null));
      say(
          out,
          "agent "
              + agent.keyId().substring(0, 16)
              + "… polling "
              + base
              + " every "
              + poll
              + "; listening on nothing");
      CountDownLatch stop = new CountDownLatch(1);
      // SIGTERM: the hook asks the loop to stop and waits until the nodes are stopped, since the
      // JVM ends when its hooks do.
      Thread hook =
          new Thread(
              () -> {
                stop.countDown();
                try {
                  // A scenario run in progress is stopped (its nodes with it) so that the loop
                  // can end, record it and stop the managed nodes.
                  scenarios.stop();
                  stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "agent-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      boolean verified = false;
      for (int i = 0; polls == null || i < polls; i++) {
        Agent.Poll p = agent.poll();
        if (!p.listening().isEmpty()) {
          return ExitCode.CRASH;
        }
        verified |= p.verified();
        if (polls != null && i + 1 == polls) {
          break;
        }
        if (stop.await(pollEvery.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Shutting down: the hook ran.
      }
      log.info("agent.stopped", Map.of());
      say(out, "agent stopped" + (verified ? "" : "; no poll verified the feed"));
      return verified ? ExitCode.OK : ExitCode.CHECK_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.INTERRUPTED;
    } finally {
      if (managed != null) {
        managed.close();
      }
      stopped.countDown();
    }
  }

  /** How the agent runs {@code ledgerlab} itself: this JVM's java and (absolute) class path. */
  static List<String> ledgerlabCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        io.ledgerlab.lab.process.NodeLauncher.currentClasspath(),
        Ledgerlab.class.getName());
  }

  private static Duration duration(String option, String text) {
    return Duration.ofNanos(
        Units.durationMicros(text)
                .filter(m -> m > 0)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            option + ": expected a duration such as 10s, got '" + text + "'"))
            * 1_000);
  }

  private static void say(PrintWriter out, String line) {
    synchronized (out) {
      out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
      out.flush();
    }
  }
}
