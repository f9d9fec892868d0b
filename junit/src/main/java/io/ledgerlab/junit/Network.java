package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.EngineProvider;
import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.NodeEvent;
import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.Faults;
import io.ledgerlab.lab.process.RunFiles;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.lab.target.reference.ReferenceClient;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.observe.log.LogFilter;
import io.ledgerlab.observe.log.LogMerge;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * A network of reference-chain nodes for a test: built fluently, started, driven with signed calls
 * from funded accounts, broken with the lab's own faults, waited on with sentences, judged by the
 * lab's checks, and closed. It is the lab's pipeline taken apart for a test — the same engines
 * (found by name), target, fault composition ({@code nemesis.Faults}) and checkers — so what a test
 * does to a network is what a scenario could do.
 *
 * <p>On the simulator ({@link #sim()}) every wait runs virtual time forward instead of sleeping:
 * seconds of chain take milliseconds, and the same seed and the same test make the same run. On
 * real processes ({@link #process()}) the same waits poll on the wall clock. Every wait is bounded
 * ({@link Builder#awaitTimeout}) and says, when it gives up, what it awaited and the heights seen.
 *
 * <pre>{@code
 * @LabNetwork static Network net = Network.sim().validators(4).accounts(4).seed(7).build();
 *
 * @Test
 * void aPutCommitsAndSurvivesAPartition() {
 *   net.as(net.account(0)).call("kv", "put", Network.kvPut("k", "v")).assertOk();
 *   try (FaultHandle cut = net.partition("n3").from("n0", "n1", "n2")) {
 *     net.awaitHeight(net.height() + 5);
 *   }
 *   net.kill("n2");
 *   net.awaitHeight(net.height() + 3);
 *   net.start("n2");
 *   net.awaitHeight(net.height() + 2);
 *   // after the test, LedgerlabExtension heals, waits for progress and runs every check
 * }
 * }</pre>
 *
 * <p>A network not managed by {@link LabNetwork} is a resource: {@code try (Network net =
 * Network.sim().build().start()) {...}}, and {@link #assertChecks(String)} judges it.
 */
public final class Network implements AutoCloseable {
  /** The system property that overrides every network's seed: how a failure is replayed. */
  public static final String SEED_PROPERTY = "ledgerlab.seed";

  /** What a failed start's message says before the run directory it kept. */
  static final String KEPT = "its run directory, with the logs, is kept: ";

  private static final long POLL_MICROS = 50_000;
  private static final long REAL_POLL_MICROS = 100_000;

  private final Builder spec;
  private final long seed;
  private Path dir;
  private RunLayout run;
  private ReferenceChain chain;
  private io.ledgerlab.lab.manifest.Network manifest;
  private JsonLogWriter labLog;
  private volatile Engine engine;
  private Faults faults;
  private final List<NodeEvent> nodeEvents = new ArrayList<>();
  private final History history = new History(100_000);
  private final Map<String, List<double[]>> heights = new LinkedHashMap<>();
  private final Map<String, String> sentTo = new LinkedHashMap<>();
  private boolean checksFailed;
  private boolean keepRunDirectory;
  private boolean launched;
  private boolean closed;

  private Network(Builder spec) {
    this.spec = spec;
    String override = System.getProperty(SEED_PROPERTY);
    this.seed =
        override == null || override.isBlank() ? spec.seed : Long.parseLong(override.trim());
  }

  /** A network in this JVM on virtual time: fast and deterministic. */
  public static Builder sim() {
    return new Builder("sim");
  }

  /** A network of OS processes on loopback: real TCP, RocksDB and signals. */
  public static Builder process() {
    return new Builder("process");
  }

  /** A network on the engine named {@code name}, such as {@code docker}, found on the classpath. */
  public static Builder engine(String name) {
    return new Builder(name);
  }

  // ---- The builder ------------------------------------------------------------------------------

  /** What a network will be; {@link #build()} makes it, unstarted. */
  public static final class Builder {
    private final String engine;
    private int validators = 4;
    private int accounts = 4;
    private long seed = 1;
    private Duration blockInterval = Duration.ofMillis(200);
    private Duration awaitTimeout = Duration.ofSeconds(60);
    private Duration livenessBound = Duration.ofSeconds(30);
    private final List<Class<? extends ChainCode>> chainCodes = new ArrayList<>();

    private Builder(String engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    public Builder validators(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("a network needs at least one validator, got " + n);
      }
      this.validators = n;
      return this;
    }

    /** How many funded accounts genesis makes ({@link Network#account(int)}). */
    public Builder accounts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("a network needs at least one account, got " + n);
      }
      this.accounts = n;
      return this;
    }

    /** The seed of keys and, on the simulator, of the whole run; -Dledgerlab.seed overrides it. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder blockInterval(Duration interval) {
      if (interval.isNegative() || interval.toMillis() < 1) {
        throw new IllegalArgumentException("block interval must be at least 1 ms: " + interval);
      }
      this.blockInterval = interval;
      return this;
    }

    /** How long each wait may take before it fails (simulated time on the simulator). */
    public Builder awaitTimeout(Duration timeout) {
      this.awaitTimeout = timeout;
      return this;
    }

    /** How long the nodes have to progress after the checks heal every fault. */
    public Builder livenessBound(Duration bound) {
      this.livenessBound = bound;
      return this;
    }

    /** Installs {@code code} at genesis, packed into a jar ({@link ChainCodeJar}). */
    public Builder chainCode(Class<? extends ChainCode> code) {
      chainCodes.add(Objects.requireNonNull(code, "code"));
      return this;
    }

    /** The network, not yet started: {@link LabNetwork} starts it, or {@link Network#start()}. */
    public Network build() {
      return new Network(this);
    }

    /**
     * The manifest this network runs, with {@code jars} (paths relative to the manifest) as its
     * chain code.
     */
    String manifestYaml(List<String> jars) {
      StringBuilder y = new StringBuilder();
      y.append("name: junit\n");
      y.append("validators: ").append(validators).append('\n');
      y.append("accounts: ").append(accounts).append('\n');
      y.append("blockInterval: ").append(blockInterval.toMillis()).append("ms\n");
      y.append(chainCodeYaml(jars));
      return y.toString();
    }

    /**
     * The manifest's chain-code entries: the one place the {@code network.chainCode} key plugs in.
     */
    static String chainCodeYaml(List<String> jars) {
      if (jars.isEmpty()) {
        return "";
      }
      StringBuilder y = new StringBuilder("chainCode:\n");
      for (String jar : jars) {
        y.append("  - jar: ").append(jar).append('\n');
      }
      return y.toString();
    }

    String engineName() {
      return engine;
    }
  }

  // ---- Lifecycle --------------------------------------------------------------------------------

  /**
   * Starts every node and waits until each has committed a block.
   *
   * @throws NetworkException when it cannot start; nothing is left running, and the run directory
   *     is kept for its logs (the message names it)
   */
  public synchronized Network start() {
    if (engine != null || closed) {
      throw new IllegalStateException("a network starts once; this one is " + state());
    }
    try {
      dir = Files.createTempDirectory("ledgerlab-junit-");
      List<String> jars = new ArrayList<>();
      for (Class<? extends ChainCode> c : spec.chainCodes) {
        Path jar = ChainCodeJar.write(c, dir.resolve("chaincode"));
        jars.add(dir.relativize(jar).toString().replace('\\', '/'));
      }
      Path manifestFile = dir.resolve("network.yaml");
      Files.writeString(manifestFile, spec.manifestYaml(jars));
      io.ledgerlab.lab.manifest.Network network = ManifestParser.read(manifestFile);
      this.manifest = network;
      run = new RunLayout(dir.resolve("run"));
      Files.createDirectories(run.logs());
      EngineProvider provider = Engines.named(spec.engine);
      chain =
          (ReferenceChain)
              Targets.named(Targets.DEFAULT)
                  .deploy(
                      network,
                      run,
                      io.ledgerlab.lab.run.Pipeline.keys(provider, seed),
                      provider.genesisTimeMicros());
      labLog =
          new JsonLogWriter(
              run.labLog(),
              "lab",
              () -> {
                Engine e = engine;
                return e == null
                    ? System.currentTimeMillis() * 1_000
                    : e.timeline().epochMicrosAtZero() + e.timeline().nowMicros();
              },
              EventLog.Level.INFO);
      launched = true;
      Engine e = provider.start(new Deployment(network, chain, run, seed, labLog));
      engine = e;
      e.onNodeEvent(this::nodeEvent);
      Map<String, Long> offsets = new LinkedHashMap<>();
      network.nodes().forEach(n -> offsets.put(n.name(), n.clockOffsetMicros()));
      faults = new Faults(e, LinkState.of(network), offsets);
      awaitHeight(1);
      return this;
    } catch (Throwable x) {
      // Whatever went wrong — an Error too — nothing is left running. Once nodes were launched the
      // run directory stays, since its logs are what explain the failure; before that (a refused
      // manifest or jar) the message says it all, and the directory goes. An Error is rethrown
      // as it is, with no message to name a kept directory in, so nothing is kept for it either.
      keepRunDirectory = launched && !(x instanceof Error);
      try {
        close();
      } catch (RuntimeException | Error c) {
        x.addSuppressed(c);
      }
      if (x instanceof Error e) {
        throw e;
      }
      throw new NetworkException(
          "the "
              + spec.engine
              + " network with seed "
              + seed
              + " did not start: "
              + x
              + (dir == null || !launched ? "" : "\n" + KEPT + dir),
          x);
    }
  }

  /**
   * Stops every node; removes the run directory unless a check failed or the start did (then it is
   * kept). Every step runs even when one before it throws; the first failure is thrown, the later
   * ones suppressed onto it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Throwable first = null;
    try {
      if (engine != null) {
        engine.close();
      }
    } catch (Throwable t) {
      first = t;
    }
    try {
      if (labLog != null) {
        labLog.close();
      }
    } catch (Throwable t) {
      first = firstOf(first, t);
    }
    try {
      if (dir != null && !checksFailed && !keepRunDirectory) {
        RunFiles.deleteTree(dir);
      }
    } catch (Throwable t) {
      first = firstOf(first, t);
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first instanceof NetworkException e) {
      throw e;
    }
    if (first != null) {
      throw new NetworkException("closing the network in " + dir + " failed: " + first, first);
    }
  }

  private static Throwable firstOf(Throwable first, Throwable later) {
    if (first == null) {
      return later;
    }
    first.addSuppressed(later);
    return first;
  }

  public String engineName() {
    return spec.engine;
  }

  /** Whether {@link #start()} ran and {@link #close()} did not. */
  public synchronized boolean isStarted() {
    return engine != null && !closed;
  }

  public long seed() {
    return seed;
  }

  /** Where the run's genesis, keys, data and logs are. */
  public Path runDirectory() {
    return started().run.root();
  }

  public List<String> nodes() {
    return started().engine.nodes();
  }

  /** The nodes in the genesis validator set: {@link #nodes()} without the observers. */
  public List<String> validators() {
    started();
    return manifest.validators().stream()
        .map(io.ledgerlab.lab.manifest.Network.NodeSpec::name)
        .toList();
  }

  public NodeStatus status(String node) {
    return started().engine.status(node);
  }

  /** The engine's time: virtual on the simulator. */
  public Timeline timeline() {
    return started().engine.timeline();
  }

  // ---- Accounts and calls -----------------------------------------------------------------------

  /** Funded account {@code index} of genesis. */
  public Account account(int index) {
    return new Account(index, Address.of(started().chain.account(index).address().bytes()));
  }

  /** Calls made as {@code account}, sent to the first running node. */
  public Caller as(Account account) {
    return new Caller(account, null);
  }

  /** Calls made as funded account {@code index}. */
  public Caller as(int index) {
    return as(account(index));
  }

  /** A transfer of native tokens, committed; the receipt says whether it succeeded. */
  public Receipt transfer(Account from, Account to, long amount) {
    return as(from).transfer(to, amount);
  }

  /** Arguments of the built-in {@code kv} chain code's {@code put}. */
  public static byte[] kvPut(String key, String value) {
    return KvChainCode.putArgs(utf8(key), utf8(value));
  }

  /** Arguments of the built-in {@code kv} chain code's {@code get} and {@code delete}. */
  public static byte[] kvKey(String key) {
    return KvChainCode.keyArgs(utf8(key));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A transaction a node accepted: its id and the node it was sent to. */
  public record Tx(String id, String node) {}

  /** A transaction a node refused at admission: it is in no block and has no receipt. */
  public static final class Rejected extends RuntimeException {
    private final String reason;

    Rejected(String node, String tx, String reason, String detail) {
      super(node + " rejected " + tx + ": " + reason + (detail == null ? "" : " (" + detail + ")"));
      this.reason = reason;
    }

    /** The stable code, such as {@code BAD_NONCE} or {@code INSUFFICIENT_FUNDS}. */
    public String reason() {
      return reason;
    }
  }

  /** Calls signed by one account and sent to one node. */
  public final class Caller {
    private final Account account;
    private final String node;

    private Caller(Account account, String node) {
      this.account = account;
      this.node = node;
    }

    /** The same caller, sending to {@code node}. */
    public Caller via(String node) {
      requireNode(node);
      return new Caller(account, node);
    }

    /**
     * Calls {@code method} of {@code chainCode} at its version in force, and awaits the receipt.
     */
    public Receipt call(String chainCode, String method, byte[] args) {
      return awaitReceipt(send(chainCode, method, args));
    }

    /** Sends a call without waiting for it to commit. */
    public Tx send(String chainCode, String method, byte[] args) {
      return submit(new Payload.Call(chainCode, versionOf(chainCode), method, args.clone()));
    }

    /** Moves {@code amount} native tokens to {@code to} and awaits the receipt. */
    public Receipt transfer(Account to, long amount) {
      return awaitReceipt(
          submit(
              new Payload.Transfer(
                  io.ledgerlab.ledger.crypto.Address.of(to.address().bytes()), amount)));
    }

    private Tx submit(Payload payload) {
      String target = node != null ? node : firstRunning();
      ReferenceClient client = client(target);
      try {
        long nonce =
            client.nextNonce(io.ledgerlab.ledger.crypto.Address.of(account.address().bytes()));
        SignedTx tx = chain.sign(account.index(), nonce, payload);
        synchronized (history) {
          history.invoke(timeline().nowMicros(), "junit", tx.id());
        }
        Submitted answer = client.submit(List.of(tx)).get(0);
        if (!answer.accepted()) {
          synchronized (history) {
            history.complete(
                timeline().nowMicros(), "junit", History.Type.FAIL, tx.id(), answer.reason());
          }
          throw new Rejected(target, tx.id(), answer.reason(), answer.detail());
        }
        sentTo.put(tx.id(), target);
        return new Tx(tx.id(), target);
      } catch (ClientException e) {
        throw new NetworkException("sending to " + target + " failed: " + e.getMessage(), e);
      }
    }
  }

  private int versionOf(String chainCode) {
    for (Class<? extends ChainCode> c : spec.chainCodes) {
      try {
        ChainCode code = c.getConstructor().newInstance();
        if (code.name().equals(chainCode)) {
          return code.version();
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("cannot make " + c.getName() + ": " + e, e);
      }
    }
    return 1;
  }

  /** Asks {@code chainCode} a read-only question at the head of the first running node. */
  public Receipt query(String chainCode, String method, byte[] args) {
    return query(firstRunning(), chainCode, method, args);
  }

  /** Asks {@code chainCode} a read-only question at the head of {@code node}. */
  public Receipt query(String node, String chainCode, String method, byte[] args) {
    ReferenceClient c = client(node);
    try {
      long height = c.head().height();
      Outcome o = c.query(chainCode, method, args);
      return new Receipt(
          "query", height, o.succeeded(), o.errorCode(), o.message(), o.result(), List.of(), null);
    } catch (ClientException e) {
      throw new NetworkException("querying " + node + " failed: " + e.getMessage(), e);
    }
  }

  /** The native balance of {@code account} at the first running node's head. */
  public long balance(Account account) {
    String node = firstRunning();
    try {
      return client(node).balance(io.ledgerlab.ledger.crypto.Address.of(account.address().bytes()));
    } catch (ClientException e) {
      throw new NetworkException("reading a balance on " + node + " failed: " + e.getMessage(), e);
    }
  }

  /** The client of {@code node}, for what this class does not wrap. */
  public ReferenceClient client(String node) {
    requireNode(node);
    return (ReferenceClient) engine.client(node);
  }

  // ---- Heights and waits ------------------------------------------------------------------------

  /** The height of the first running node. */
  public long height() {
    return height(firstRunning());
  }

  /** {@code node}'s height, or -1 when it does not answer. */
  public long height(String node) {
    try {
      return client(node).head().height();
    } catch (ClientException e) {
      return -1;
    }
  }

  /** Waits until every running node has committed {@code height}; returns the least height seen. */
  public long awaitHeight(long height) {
    long[] least = {-1};
    await(
        "height " + height + " on every running node",
        () -> {
          Map<String, Long> seen = sampleHeights();
          long min = Long.MAX_VALUE;
          for (String n : nodes()) {
            if (engine.status(n) == NodeStatus.RUNNING) {
              min = Math.min(min, seen.get(n));
            }
          }
          least[0] = min;
          return min >= height;
        });
    return least[0];
  }

  /** Waits until {@code node} has committed {@code height}. */
  public long awaitHeight(String node, long height) {
    requireNode(node);
    await("height " + height + " on " + node, () -> sampleHeights().get(node) >= height);
    return height(node);
  }

  /** Waits for the receipt of {@code tx}, from the node it was sent to or any running one. */
  public Receipt awaitReceipt(Tx tx) {
    Receipt[] found = {null};
    await(
        "the receipt of " + tx.id() + " sent to " + tx.node(),
        () -> {
          found[0] = receipt(tx);
          return found[0] != null;
        });
    return found[0];
  }

  private Receipt receipt(Tx tx) {
    List<String> order = new ArrayList<>();
    order.add(tx.node());
    nodes().stream().filter(n -> !n.equals(tx.node())).forEach(order::add);
    for (String n : order) {
      if (engine.status(n) != NodeStatus.RUNNING) {
        continue;
      }
      try {
        Optional<io.ledgerlab.lab.client.NodeClient.CommittedReceipt> r =
            client(n).receipt(tx.id());
        if (r.isPresent()) {
          io.ledgerlab.ledger.block.Receipt raw = r.get().receipt();
          synchronized (history) {
            if (history.isOpen(tx.id())) {
              history.complete(
                  timeline().nowMicros(),
                  "junit",
                  History.Type.OK,
                  tx.id(),
                  "committed at height " + r.get().height() + " on " + n);
            }
          }
          List<Receipt.Event> events =
              raw.events().stream()
                  .map(e -> new Receipt.Event(e.chainCode(), e.type(), e.attributes()))
                  .toList();
          return new Receipt(
              tx.id(),
              r.get().height(),
              raw.ok(),
              raw.errorCode(),
              raw.message(),
              raw.result(),
              events,
              null);
        }
        return null;
      } catch (ClientException e) {
        // This node cannot say now; the next one may.
      }
    }
    return null;
  }

  /**
   * Waits until a node logs {@code event} (such as {@code block.committed}) after this call, in the
   * nodes' structured JSON-lines logs; returns that record.
   */
  public LogRecord awaitLog(String event) {
    return awaitLog(event, null);
  }

  /** As {@link #awaitLog(String)}, from {@code node} only. */
  public LogRecord awaitLog(String event, String node) {
    LogFilter filter = LogFilter.ALL.withEvents(List.of(event));
    if (node != null) {
      requireNode(node);
      filter =
          new LogFilter(
              Set.of(node),
              filter.minLevel(),
              filter.events(),
              filter.height(),
              filter.tx(),
              filter.sinceMicros(),
              filter.untilMicros());
    }
    LogFilter f = filter;
    int before = logged(f).size();
    LogRecord[] found = {null};
    await(
        "log event '" + event + "'" + (node == null ? "" : " from " + node),
        () -> {
          List<LogRecord> now = logged(f);
          if (now.size() > before) {
            found[0] = now.get(before);
            return true;
          }
          return false;
        });
    return found[0];
  }

  private List<LogRecord> logged(LogFilter filter) {
    try {
      return LogMerge.read(engine.logFiles(), filter);
    } catch (IOException e) {
      throw new NetworkException("reading the nodes' logs failed: " + e, e);
    }
  }

  /**
   * Polls {@code done} on the engine's timeline until it holds or the timeout passes; on the
   * simulator each pause runs the world forward.
   */
  private void await(String what, BooleanSupplier done) {
    await(what, spec.awaitTimeout.toNanos() / 1_000, done);
  }

  private void await(String what, long timeout, BooleanSupplier done) {
    started();
    Timeline time = engine.timeline();
    long deadline = time.nowMicros() + timeout;
    long poll = time.virtual() ? POLL_MICROS : REAL_POLL_MICROS;
    try {
      while (!done.getAsBoolean()) {
        if (time.nowMicros() >= deadline) {
          throw new NetworkException(
              String.format(
                  Locale.ROOT,
                  "awaited %s for %.1f %s s on the %s engine (seed %d) and gave up; heights seen:"
                      + " %s",
                  what,
                  timeout / 1e6,
                  time.virtual() ? "simulated" : "real",
                  spec.engine,
                  seed,
                  describeHeights()));
        }
        time.sleep(poll);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkException("interrupted while awaiting " + what, e);
    }
  }

  /** Each node's height now, recorded for the liveness check. */
  Map<String, Long> sampleHeights() {
    Map<String, Long> out = new LinkedHashMap<>();
    double at = engine.timeline().nowMicros() / 1e6;
    for (String n : nodes()) {
      long h = engine.status(n).alive() ? height(n) : -1;
      out.put(n, h);
      if (h >= 0) {
        synchronized (heights) {
          heights.computeIfAbsent(n, k -> new ArrayList<>()).add(new double[] {at, h});
        }
      }
    }
    return out;
  }

  private String describeHeights() {
    List<String> out = new ArrayList<>();
    for (String n : nodes()) {
      NodeStatus s = engine.status(n);
      out.add(
          n
              + "="
              + (s == NodeStatus.RUNNING
                  ? Long.toString(height(n))
                  : s.name().toLowerCase(Locale.ROOT)));
    }
    return String.join(", ", out);
  }

  // ---- Faults -----------------------------------------------------------------------------------

  /** Starts a partition of {@code side}: finish it with {@link Partition#from}. */
  public Partition partition(String... side) {
    return new Partition(Set.of(side));
  }

  /** One side of a partition, waiting for the other. */
  public final class Partition {
    private final Set<String> side;

    private Partition(Set<String> side) {
      this.side = side;
    }

    /** Cuts every link between the two sides, both ways; nodes in neither form a third group. */
    public FaultHandle from(String... other) {
      return apply(new Fault.Partition(List.of(side, Set.of(other))));
    }
  }

  /** Cuts {@code node} off from every other node. */
  public FaultHandle isolate(String node) {
    return apply(new Fault.Isolate(node));
  }

  /**
   * Kills {@code node} (its memory is lost, its disk kept); {@link #start} or a heal brings it
   * back.
   */
  public FaultHandle kill(String node) {
    return apply(new Fault.OnNode(FaultKind.KILL, node));
  }

  /** Stops {@code node} gracefully. */
  public FaultHandle stop(String node) {
    return apply(new Fault.OnNode(FaultKind.STOP, node));
  }

  /** Freezes {@code node}; {@link #resume} or a heal thaws it. */
  public FaultHandle pause(String node) {
    return apply(new Fault.OnNode(FaultKind.PAUSE, node));
  }

  /** Stops and starts {@code node} at once. */
  public void restart(String node) {
    apply(new Fault.OnNode(FaultKind.RESTART, node));
  }

  /** Starts {@code node} again, whatever faults held it down. */
  public void start(String node) {
    started().faults.start(node);
  }

  /** Resumes {@code node}, whatever pauses held it. */
  public void resume(String node) {
    started().faults.resume(node);
  }

  /** Puts any of the lab's faults into effect, composed with those in force. */
  public FaultHandle apply(Fault fault) {
    return new FaultHandle(fault, started().faults.apply(fault));
  }

  /** Undoes every fault in force, latest first. */
  public void heal() {
    started().faults.healAll();
  }

  // ---- Checks -----------------------------------------------------------------------------------

  /**
   * Judges the network as a run's end does: heals every fault, waits for every node to progress
   * past the highest height at the heal (within the liveness bound), reads every node's chain,
   * state and balances, and runs the lab's checks over them and over this network's history of
   * calls. A check with nothing to judge says unknown.
   */
  public List<CheckResult> check() {
    started();
    double healSeconds = engine.timeline().nowMicros() / 1e6;
    heal();
    sampleHeights();
    long target = -1;
    synchronized (heights) {
      for (List<double[]> points : heights.values()) {
        for (double[] p : points) {
          target = Math.max(target, (long) p[1]);
        }
      }
    }
    long above = target;
    try {
      await(
          "progress past height " + above + " after the heal",
          spec.livenessBound.toNanos() / 1_000,
          () -> awaitAbove(above));
    } catch (NetworkException e) {
      // The liveness check judges it from the heights sampled here, and says so.
    }
    return NetworkChecks.run(this, healSeconds, spec.livenessBound.toNanos() / 1_000);
  }

  private boolean awaitAbove(long target) {
    Map<String, Long> seen = sampleHeights();
    return nodes().stream()
        .filter(n -> engine.status(n) == NodeStatus.RUNNING)
        .allMatch(n -> seen.get(n) > target);
  }

  /**
   * Runs {@link #check()} and fails when a check is invalid, with the seed and the line that
   * replays {@code testId} ({@code Class#method}).
   */
  public void assertChecks(String testId) {
    List<CheckResult> results = check();
    String failure = failureMessage(results, testId);
    if (failure != null) {
      checksFailed = true;
      throw new org.opentest4j.AssertionFailedError(failure);
    }
  }

  /** The message of a failed check, or null when none failed. */
  String failureMessage(List<CheckResult> results, String testId) {
    List<CheckResult> invalid =
        results.stream()
            .filter(r -> r.validity() == io.ledgerlab.lab.check.Validity.INVALID)
            .toList();
    if (invalid.isEmpty()) {
      return null;
    }
    StringBuilder m = new StringBuilder();
    m.append(invalid.size()).append(invalid.size() == 1 ? " check failed" : " checks failed");
    m.append(" on the ").append(spec.engine).append(" network with seed ").append(seed);
    m.append(":\n");
    for (CheckResult r : invalid) {
      m.append("  ").append(r.name()).append(": ").append(r.details()).append('\n');
    }
    m.append("  replay: ").append(replayLine(testId)).append('\n');
    m.append("  run directory (kept): ").append(dir);
    return m.toString();
  }

  /** The command that runs {@code testId} again with this network's seed. */
  String replayLine(String testId) {
    String cls = testId.contains("#") ? testId.substring(0, testId.indexOf('#')) : testId;
    String selector = cls.endsWith("IT") ? "-Dit.test" : "-Dtest";
    return "mvn verify "
        + selector
        + "='"
        + testId
        + "' -D"
        + SEED_PROPERTY
        + "="
        + seed
        + " (engine "
        + spec.engine
        + (engine != null && engine.timeline().virtual()
            ? ": the same seed replays the same run"
            : ": real time, so the seed fixes the keys, not the timing")
        + ")";
  }

  // ---- For NetworkChecks ------------------------------------------------------------------------

  Engine engine() {
    return engine;
  }

  ReferenceChain chain() {
    return chain;
  }

  io.ledgerlab.lab.manifest.Network manifest() {
    return manifest;
  }

  History history() {
    return history;
  }

  Map<String, List<double[]>> heightSeries() {
    synchronized (heights) {
      Map<String, List<double[]>> out = new TreeMap<>();
      heights.forEach((k, v) -> out.put(k, List.copyOf(v)));
      return out;
    }
  }

  List<NodeEvent> nodeEvents() {
    synchronized (nodeEvents) {
      return List.copyOf(nodeEvents);
    }
  }

  /** From the engine's threads: never under the network's own lock. */
  private void nodeEvent(NodeEvent e) {
    synchronized (nodeEvents) {
      nodeEvents.add(e);
    }
  }

  // ---- Helpers ----------------------------------------------------------------------------------

  private Network started() {
    if (engine == null || closed) {
      throw new IllegalStateException(
          "the network is " + state() + ": start it, or give it to @LabNetwork");
    }
    return this;
  }

  private String state() {
    return closed ? "closed" : engine == null ? "not started" : "running";
  }

  private void requireNode(String node) {
    if (!nodes().contains(node)) {
      throw new IllegalArgumentException("no node '" + node + "'; nodes: " + nodes());
    }
  }

  private String firstRunning() {
    for (String n : nodes()) {
      if (engine.status(n) == NodeStatus.RUNNING) {
        return n;
      }
    }
    throw new NetworkException("no node is running: " + describeHeights());
  }

  @Override
  public String toString() {
    return spec.validators + " validators on the " + spec.engine + " engine, seed " + seed;
  }
}
