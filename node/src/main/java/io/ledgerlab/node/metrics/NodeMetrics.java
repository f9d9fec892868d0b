package io.ledgerlab.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics. Gauges read a snapshot the node publishes from its event loop, so
 * a scrape never touches node state from another thread.
 */
public final class NodeMetrics {
  /**
   * What the gauges show; the node replaces it as it changes.
   *
   * @param relayedProposals proposals relayed since the node started
   * @param relayedVotes votes relayed since the node started
   * @param peerVersions the software version each peer announced, by peer name
   */
  public record Snapshot(
      long height,
      int round,
      int mempoolTxs,
      long mempoolBytes,
      int peers,
      long relayedProposals,
      long relayedVotes,
      java.util.Map<String, String> peerVersions) {
    public static final Snapshot EMPTY = new Snapshot(0, 0, 0, 0, 0);

    public Snapshot {
      peerVersions = java.util.Map.copyOf(peerVersions);
    }

    /** Without relays or peers' versions. */
    public Snapshot(long height, int round, int mempoolTxs, long mempoolBytes, int peers) {
      this(height, round, mempoolTxs, mempoolBytes, peers, 0, 0, java.util.Map.of());
    }
  }

  private static final double[] LATENCY_BUCKETS_SECONDS = {
    0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter txCommitted;
  private final Counter blocksCommitted;
  private final Counter timeouts;
  private final Counter txSubmitted;
  private final Histogram commitLatency;
  private final Histogram blockInterval;
  private final Counter observerBlocks;
  private final Counter observerCertificates;
  private final Counter observerRoundChanges;
  private final Counter observerDivergences;
  private final Counter observerMissedVotes;
  private final Histogram observerBlockInterval;
  private final Counter rescued;

  public NodeMetrics(Supplier<Snapshot> snapshot) {
    gauge("ledgerlab_height", "The height of the last committed block.", snapshot, s -> s.height());
    gauge(
        "ledgerlab_round", "The consensus round at the current height.", snapshot, s -> s.round());
    gauge(
        "ledgerlab_mempool_transactions",
        "Transactions waiting in the mempool.",
        snapshot,
        s -> s.mempoolTxs());
    gauge(
        "ledgerlab_mempool_bytes",
        "Bytes waiting in the mempool.",
        snapshot,
        s -> s.mempoolBytes());
    gauge("ledgerlab_peers", "Peers this node can send to.", snapshot, s -> s.peers());
    txCommitted =
        Counter.builder()
            .name("ledgerlab_transactions_committed")
            .help("Transactions in blocks this node committed.")
            .register(registry);
    blocksCommitted =
        Counter.builder()
            .name("ledgerlab_blocks_committed")
            .help("Blocks this node committed, by consensus or by sync.")
            .register(registry);
    timeouts =
        Counter.builder()
            .name("ledgerlab_consensus_timeouts")
            .help("Consensus timeouts that fired, by step.")
            .labelNames("step")
            .register(registry);
    txSubmitted =
        Counter.builder()
            .name("ledgerlab_transactions_submitted")
            .help("Transactions clients submitted over RPC, by outcome.")
            .labelNames("outcome")
            .register(registry);
    commitLatency =
        Histogram.builder()
            .name("ledgerlab_commit_latency_seconds")
            .help("From a transaction's admission over this node's RPC to its commit here.")
            .classicUpperBounds(LATENCY_BUCKETS_SECONDS)
            .classicOnly()
            .register(registry);
    blockInterval =
        Histogram.builder()
            .name("ledgerlab_block_interval_seconds")
            .help("Time between consecutive commits on this node.")
            .classicUpperBounds(LATENCY_BUCKETS_SECONDS)
            .classicOnly()
            .register(registry);
    observerBlocks =
        Counter.builder()
            .name("ledgerlab_observer_blocks")
            .help("Blocks this observer committed and measured.")
            .register(registry);
    observerCertificates =
        Counter.builder()
            .name("ledgerlab_observer_certificates")
            .help("Commit certificates this observer read, one per block it measured.")
            .register(registry);
    observerRoundChanges =
        Counter.builder()
            .name("ledgerlab_observer_round_changes")
            .help("Certificates this observer read whose round is above 0.")
            .register(registry);
    observerDivergences =
        Counter.builder()
            .name("ledgerlab_observer_divergences")
            .help("Certified blocks whose re-execution here gave another root than the header's.")
            .register(registry);
    observerMissedVotes =
        Counter.builder()
            .name("ledgerlab_observer_missed_votes")
            .help("Certificates this observer read without the validator's precommit.")
            .labelNames("validator")
            .register(registry);
    observerBlockInterval =
        Histogram.builder()
            .name("ledgerlab_observer_block_interval_seconds")
            .help("A measured block's header time minus its parent's.")
            .classicUpperBounds(LATENCY_BUCKETS_SECONDS)
            .classicOnly()
            .register(registry);
    rescued =
        Counter.builder()
            .name("ledgerlab_rescued_transactions")
            .help("Mempool transactions this node's rescue gossiped again (one per send).")
            .register(registry);
    CounterWithCallback.builder()
        .name("ledgerlab_relayed_messages")
        .help("Proposals and votes this node relayed to its other peers, by kind.")
        .labelNames("kind")
        .callback(
            cb -> {
              Snapshot s = snapshot.get();
              cb.call(s.relayedProposals(), "proposal");
              cb.call(s.relayedVotes(), "vote");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("ledgerlab_peer_version_info")
        .help("1 for each peer and the software version it announced.")
        .labelNames("peer", "version")
        .callback(
            cb -> {
              for (var e : new java.util.TreeMap<>(snapshot.get().peerVersions()).entrySet()) {
                cb.call(1, e.getKey(), e.getValue());
              }
            })
        .register(registry);
  }

  /** Sets {@code ledgerlab_role{role}} to 1: {@code validator} or {@code observer}. */
  public void role(String role) {
    GaugeWithCallback.builder()
        .name("ledgerlab_role")
        .help("1 for this node's role: validator or observer.")
        .labelNames("role")
        .callback(cb -> cb.call(1, role))
        .register(registry);
  }

  /**
   * Registers the peer-to-peer input's series, read from the transport's own counters (they are
   * updated off the node's loop, so they do not go through the snapshot).
   *
   * @param readPauses how many times a peer's connection stopped being read
   * @param inboundDropped inbound messages dropped at the hard maximum of waiting bytes
   * @param inboundPendingBytes bytes of peers' messages waiting for the node's loop
   */
  public void p2p(
      java.util.function.LongSupplier readPauses,
      java.util.function.LongSupplier inboundDropped,
      java.util.function.LongSupplier inboundPendingBytes) {
    CounterWithCallback.builder()
        .name("ledgerlab_p2p_read_pauses")
        .help("Times a peer's connection stopped being read: too many of its bytes waited.")
        .callback(cb -> cb.call(readPauses.getAsLong()))
        .register(registry);
    CounterWithCallback.builder()
        .name("ledgerlab_p2p_inbound_dropped_messages")
        .help("Peers' messages dropped: the bytes waiting for the node were at their maximum.")
        .callback(cb -> cb.call(inboundDropped.getAsLong()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("ledgerlab_p2p_inbound_pending_bytes")
        .help("Bytes of peers' messages waiting for the node's event loop.")
        .callback(cb -> cb.call(inboundPendingBytes.getAsLong()))
        .register(registry);
  }

  /**
   * Creates the 0-valued {@code ledgerlab_observer_missed_votes_total} series of each validator
   * when an observer starts: a series that first appears at 1 hides that first miss from
   * Prometheus' {@code increase()}.
   */
  public void observing(java.util.List<String> validators) {
    for (String validator : validators) {
      observerMissedVotes.labelValues(validator);
    }
  }

  /**
   * An {@code observer.block} event: one certificate read.
   *
   * @param intervalSeconds the block's interval, or negative when unknown (the first block)
   */
  public void observed(int round, double intervalSeconds, java.util.List<String> missing) {
    observerBlocks.inc();
    observerCertificates.inc();
    if (round > 0) {
      observerRoundChanges.inc();
    }
    if (intervalSeconds >= 0) {
      observerBlockInterval.observe(intervalSeconds);
    }
    for (String validator : missing) {
      observerMissedVotes.labelValues(validator).inc();
    }
  }

  public void divergence() {
    observerDivergences.inc();
  }

  public void rescued(long transactions) {
    rescued.inc(transactions);
  }

  private void gauge(
      String name,
      String help,
      Supplier<Snapshot> snapshot,
      java.util.function.ToDoubleFunction<Snapshot> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.applyAsDouble(snapshot.get())))
        .register(registry);
  }

  public void committed(int txs, double secondsSincePrevious) {
    blocksCommitted.inc();
    txCommitted.inc(txs);
    if (secondsSincePrevious >= 0) {
      blockInterval.observe(secondsSincePrevious);
    }
  }

  public void commitLatency(double seconds) {
    commitLatency.observe(seconds);
  }

  public void timeout(String step) {
    timeouts.labelValues(step).inc();
  }

  public void submitted(String outcome) {
    txSubmitted.labelValues(outcome).inc();
  }

  /** Writes the Prometheus text exposition format. */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
