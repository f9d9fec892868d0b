package io.ledgerlab.lab.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Counts and latencies of a load, overall and per second of the run, for the report. Latencies are
 * recorded in microseconds from each operation's intended send time. Thread-safe.
 */
public final class LoadRecorder {
  private static final long LATENCY_MICROS_MAX = 3_600_000_000L;

  /** One second of the run. */
  public record Second(long submitted, long accepted, long committed, Histogram commitLatency) {}

  private final Histogram accepted = new Histogram(LATENCY_MICROS_MAX, 3);
  private final Histogram committed = new Histogram(LATENCY_MICROS_MAX, 3);
  private final Histogram reads = new Histogram(LATENCY_MICROS_MAX, 3);
  private final List<long[]> counts = new ArrayList<>();
  private final List<Histogram> commitBySecond = new ArrayList<>();
  private long submittedTotal;
  private long acceptedTotal;
  private long rejectedTotal;
  private long committedTotal;
  private long readTotal;
  // Transactions a node accepted and no block has shown yet: what is left at the end was lost.
  private final Set<String> acceptedUncommitted = new HashSet<>();
  // Transactions a block showed before their submit reply came back (the block follower runs on
  // its own thread): their acceptance, when it comes, owes nothing. Only in-flight transactions
  // are reported committed, so this holds at most the ones whose reply never arrives.
  private final Set<String> committedUnaccepted = new HashSet<>();
  private double windowFrom = -1;
  private double windowTo = -1;

  public synchronized void submitted(int second) {
    bucket(second)[0]++;
    submittedTotal++;
  }

  public synchronized void accepted(int second, long latencyMicros) {
    bucket(second)[1]++;
    acceptedTotal++;
    accepted.recordValue(clamp(latencyMicros));
  }

  /** A node accepted transaction {@code tx}: from now on it is owed a block. */
  public synchronized void acceptedTx(String tx) {
    if (!committedUnaccepted.remove(tx)) {
      acceptedUncommitted.add(tx);
    }
  }

  /**
   * A block showed transaction {@code tx}, which was in flight: before or after the node's reply
   * accepting it, in either order.
   */
  public synchronized void committedTx(String tx) {
    if (!acceptedUncommitted.remove(tx)) {
      committedUnaccepted.add(tx);
    }
  }

  /**
   * Transactions a node accepted that no block has shown (so far): read after the quiet period,
   * these are the ones the network lost.
   */
  public synchronized long lostTotal() {
    return acceptedUncommitted.size();
  }

  public synchronized void rejected() {
    rejectedTotal++;
  }

  public synchronized void committed(int second, long latencyMicros) {
    bucket(second)[2]++;
    committedTotal++;
    committed.recordValue(clamp(latencyMicros));
    commitBySecond.get(Math.max(0, second)).recordValue(clamp(latencyMicros));
  }

  public synchronized void read(int second, long latencyMicros) {
    bucket(second);
    readTotal++;
    reads.recordValue(clamp(latencyMicros));
  }

  private long[] bucket(int second) {
    int s = Math.max(0, second);
    while (counts.size() <= s) {
      counts.add(new long[3]);
      commitBySecond.add(new Histogram(LATENCY_MICROS_MAX, 2));
    }
    return counts.get(s);
  }

  private static long clamp(long micros) {
    return Math.max(1, Math.min(micros, LATENCY_MICROS_MAX));
  }

  public synchronized List<Second> seconds() {
    List<Second> out = new ArrayList<>();
    for (int s = 0; s < counts.size(); s++) {
      long[] c = counts.get(s);
      out.add(new Second(c[0], c[1], c[2], commitBySecond.get(s).copy()));
    }
    return out;
  }

  public synchronized Histogram acceptedLatency() {
    return accepted.copy();
  }

  public synchronized Histogram committedLatency() {
    return committed.copy();
  }

  public synchronized Histogram readLatency() {
    return reads.copy();
  }

  public synchronized long submittedTotal() {
    return submittedTotal;
  }

  public synchronized long acceptedTotal() {
    return acceptedTotal;
  }

  public synchronized long rejectedTotal() {
    return rejectedTotal;
  }

  public synchronized long committedTotal() {
    return committedTotal;
  }

  public synchronized long readTotal() {
    return readTotal;
  }

  /** The load's own seconds of the run: throughput counts only commits seen within them. */
  public synchronized void loadWindow(double fromSeconds, double toSeconds) {
    windowFrom = fromSeconds;
    windowTo = toSeconds;
  }

  /**
   * Operations committed per second of the load window: commits seen after the load ended (during
   * the heal and the quiet period) do not count, so a chain that halted cannot hide behind them.
   * Commits are counted per whole second: a second the window only partly covers counts for the
   * part it covers.
   */
  public synchronized double committedPerSecondOfLoad() {
    if (windowTo <= windowFrom) {
      return 0;
    }
    double sum = 0;
    int last = (int) Math.min(counts.size(), Math.ceil(windowTo));
    for (int s = (int) Math.floor(windowFrom); s < last; s++) {
      double covered = Math.min(s + 1, windowTo) - Math.max(s, windowFrom);
      sum += counts.get(s)[2] * covered;
    }
    return sum / (windowTo - windowFrom);
  }

  /** Whether {@link #loadWindow} was set. */
  public synchronized boolean hasLoadWindow() {
    return windowTo > windowFrom;
  }

  /**
   * Committed operations per second over the last {@code seconds} full seconds before {@code now}.
   */
  public synchronized double recentCommitRate(int nowSecond, int seconds) {
    long sum = 0;
    int n = 0;
    for (int s = nowSecond - seconds; s < nowSecond; s++) {
      if (s >= 0 && s < counts.size()) {
        sum += counts.get(s)[2];
        n++;
      }
    }
    return n == 0 ? 0 : (double) sum / n;
  }

  /**
   * The commit latencies recorded in the last {@code seconds} full seconds before {@code now}, for
   * a live view; empty when none were.
   */
  public synchronized Histogram recentCommitLatency(int nowSecond, int seconds) {
    Histogram out = new Histogram(LATENCY_MICROS_MAX, 2);
    for (int s = Math.max(0, nowSecond - seconds); s < nowSecond && s < counts.size(); s++) {
      out.add(commitBySecond.get(s));
    }
    return out;
  }
}
