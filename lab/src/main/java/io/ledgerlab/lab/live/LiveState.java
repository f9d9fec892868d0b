package io.ledgerlab.lab.live;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * The live state of a network, refreshed by {@link #refresh()} (about once a second, from one
 * thread): every node's {@code node_status}, the recent blocks of the most advanced node, who
 * voted, the faults in force and the workload's counters, with a bounded history for the charts.
 * Readers take {@link #snapshot()} from any thread.
 */
public final class LiveState implements AutoCloseable {
  /** Ten minutes of history at one refresh a second. */
  static final int HISTORY_SAMPLES_MAX = 600;

  /** The blocks block time is averaged over. */
  static final int BLOCK_TIME_BLOCKS = 20;

  /** The blocks participation counts when no observer measures it. */
  static final int PARTICIPATION_BLOCKS = 50;

  /** Short: a paused node must not hold the refresh for long. */
  private static final Duration CALL_TIMEOUT = Duration.ofMillis(900);

  private static final int READERS_MAX = 8;

  private final String network;
  private final LiveSource source;
  private final LongSupplier clockMicros;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofMillis(500))
          .build();
  private final ExecutorService readers =
      Executors.newFixedThreadPool(
          READERS_MAX,
          r -> {
            Thread t = new Thread(r, "dashboard-read");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, NodeClient> clients = new LinkedHashMap<>();

  /**
   * Validator addresses to node names, as the nodes said in their status; kept across refreshes.
   */
  private final Map<String, String> validatorNames = new LinkedHashMap<>();

  private final BlockWatch blocks = new BlockWatch();
  private final Deque<Snapshot.Sample> history = new ArrayDeque<>();
  private volatile Snapshot current;

  /**
   * @param network the network's name, for the page's title
   * @param clockMicros the wall clock, in epoch microseconds
   */
  public LiveState(String network, LiveSource source, LongSupplier clockMicros) {
    this.network = network;
    this.source = source;
    this.clockMicros = clockMicros;
    this.current = Snapshot.empty(network);
  }

  public Snapshot snapshot() {
    return current;
  }

  /** Reads the network once and makes the result the current snapshot. */
  public synchronized Snapshot refresh() throws InterruptedException {
    String sourceError = null;
    List<NodeRow> rows = current.nodes();
    List<LiveSource.FaultInForce> faults = current.faults();
    List<LiveSource.NodeEndpoint> endpoints = List.of();
    try {
      endpoints = source.nodes();
      rows = rows(endpoints);
      faults = source.faults();
    } catch (IOException e) {
      sourceError = describe(e);
      if (rows.isEmpty()) {
        // Never read yet: the nodes the holder should have, each saying why it was not read.
        String error = sourceError;
        rows =
            source.expectedNodes().stream().map(n -> NodeRow.silent(n, "unknown", error)).toList();
      }
    }
    for (NodeRow r : rows) {
      if (r.validator() != null) {
        validatorNames.put(r.validator(), r.name());
      }
    }
    Optional<LoadView> load = source.load();
    Snapshot.Chain chain = followBlocks(rows, endpoints);
    Participation participation = participation(rows, endpoints, chain.readFrom());
    history.addLast(sample(rows, chain, load, faults.size()));
    while (history.size() > HISTORY_SAMPLES_MAX) {
      history.removeFirst();
    }
    current =
        new Snapshot(
            network,
            clockMicros.getAsLong(),
            sourceError,
            rows,
            chain,
            load,
            participation,
            faults,
            new ArrayList<>(history));
    return current;
  }

  /** Every node's row, the running ones read in parallel. */
  private List<NodeRow> rows(List<LiveSource.NodeEndpoint> endpoints) throws InterruptedException {
    List<Future<NodeRow>> reads = new ArrayList<>();
    for (LiveSource.NodeEndpoint e : endpoints) {
      reads.add(readers.submit(read(e)));
    }
    List<NodeRow> rows = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      LiveSource.NodeEndpoint e = endpoints.get(i);
      try {
        rows.add(reads.get(i).get());
      } catch (ExecutionException x) {
        rows.add(NodeRow.silent(e.name(), e.state(), describe(x.getCause())));
      }
    }
    return rows;
  }

  private Callable<NodeRow> read(LiveSource.NodeEndpoint e) {
    return () -> {
      if (e.status() != null) {
        return NodeRow.of(e.name(), e.state(), e.status());
      }
      if (!e.running()) {
        return NodeRow.silent(e.name(), e.state(), null);
      }
      Optional<NodeClient> client = client(e);
      if (client.isEmpty()) {
        return NodeRow.silent(e.name(), e.state(), "no RPC endpoint the lab can reach");
      }
      try {
        return NodeRow.of(e.name(), e.state(), client.get().status());
      } catch (RpcException x) {
        return NodeRow.silent(e.name(), e.state(), x.getMessage());
      }
    };
  }

  private Optional<NodeClient> client(LiveSource.NodeEndpoint e) {
    if (e.rpc().isEmpty()) {
      return Optional.empty();
    }
    URI uri = e.rpc().get();
    synchronized (clients) {
      NodeClient c = clients.get(e.name());
      if (c == null || !c.endpoint().equals(uri)) {
        c = new NodeClient(e.name(), uri, http, CALL_TIMEOUT);
        clients.put(e.name(), c);
      }
      return Optional.of(c);
    }
  }

  /** Reads the new blocks of the most advanced node that answered; block time from them. */
  private Snapshot.Chain followBlocks(List<NodeRow> rows, List<LiveSource.NodeEndpoint> endpoints) {
    Optional<NodeRow> best =
        rows.stream()
            .filter(NodeRow::answered)
            .filter(
                r ->
                    endpoint(endpoints, r.name()).flatMap(LiveSource.NodeEndpoint::rpc).isPresent())
            .max(Comparator.comparingLong(NodeRow::height));
    long height = rows.stream().mapToLong(NodeRow::height).max().orElse(0);
    String readFrom = null;
    if (best.isPresent()) {
      readFrom = best.get().name();
      try {
        blocks.follow(client(endpoint(endpoints, readFrom).get()).get(), best.get().height());
      } catch (RpcException e) {
        readFrom = null; // This refresh read none; the next one tries again.
      }
    }
    return new Snapshot.Chain(
        Math.max(0, height),
        blocks.latestIntervalMicros().map(m -> m / 1e3).orElse(null),
        blocks.meanIntervalMicros(BLOCK_TIME_BLOCKS).map(m -> m / 1e3).orElse(null),
        readFrom);
  }

  /** From an observer when one answers {@code observer_status}, else from the blocks read. */
  private Participation participation(
      List<NodeRow> rows, List<LiveSource.NodeEndpoint> endpoints, String readFrom) {
    for (NodeRow r : rows) {
      if (!r.answered() || !"observer".equals(r.role())) {
        continue;
      }
      Optional<NodeClient> c = endpoint(endpoints, r.name()).flatMap(this::client);
      if (c.isEmpty()) {
        continue;
      }
      try {
        Participation p =
            Participation.fromObserver(r.name(), c.get().call("observer_status", null));
        if (p != null) {
          return p;
        }
      } catch (RpcException e) {
        // An observer without observer_status (an older node): the blocks below tell instead.
      }
    }
    if (readFrom == null && current.participation() != Participation.NONE) {
      return current.participation();
    }
    return Participation.fromBlocks(
        readFrom == null ? "no node" : readFrom,
        blocks.recent(PARTICIPATION_BLOCKS),
        validatorNames);
  }

  private Snapshot.Sample sample(
      List<NodeRow> rows, Snapshot.Chain chain, Optional<LoadView> load, int faults) {
    Map<String, Long> heights = new LinkedHashMap<>();
    rows.stream().filter(NodeRow::answered).forEach(r -> heights.put(r.name(), r.height()));
    return new Snapshot.Sample(
        clockMicros.getAsLong() / 1_000,
        heights,
        load.map(LoadView::committedPerSecond).orElse(null),
        load.map(LoadView::recentP50Millis).filter(d -> !d.isNaN()).orElse(null),
        load.map(LoadView::recentP99Millis).filter(d -> !d.isNaN()).orElse(null),
        chain.blockTimeMillis(),
        faults);
  }

  private static Optional<LiveSource.NodeEndpoint> endpoint(
      List<LiveSource.NodeEndpoint> endpoints, String name) {
    return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /**
   * A failure as a sentence: the first message in its causes, else what its kind means. Never a
   * bare class name — the JDK's HTTP client throws {@code ConnectException} without a message.
   */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      // new IOException(cause) takes cause.toString() as its message: read the cause's instead.
      boolean wrapped = t.getCause() != null && String.valueOf(t.getCause()).equals(m);
      if (m != null && !m.isBlank() && !wrapped) {
        return m;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.http.HttpTimeoutException) {
        return "timed out";
      }
    }
    return "read failed (" + (e == null ? "no reason given" : e.getClass().getSimpleName()) + ")";
  }

  @Override
  public void close() {
    readers.shutdownNow();
  }
}
