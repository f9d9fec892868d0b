package io.ledgerlab.lab.check;

import io.ledgerlab.runtime.log.LogRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the observers logged over a run: the blocks each followed ({@code observer.block}), the
 * blocks whose re-execution disagreed with their header ({@code observer.divergence}) and the peer
 * versions each learned ({@code observer.peer}), in log order. Read from the nodes' JSON-lines
 * logs, so every engine gives the same record; docs/events.md has the fields.
 */
public record Observations(List<Block> blocks, List<Divergence> divergences, List<Peer> peers) {
  public static final String BLOCK = "observer.block";
  public static final String DIVERGENCE = "observer.divergence";
  public static final String PEER = "observer.peer";

  /** The events read, for a log filter. */
  public static final List<String> EVENTS = List.of(BLOCK, DIVERGENCE, PEER);

  public static final Observations NONE = new Observations(List.of(), List.of(), List.of());

  public Observations {
    blocks = List.copyOf(blocks);
    divergences = List.copyOf(divergences);
    peers = List.copyOf(peers);
  }

  /**
   * A block an observer committed after re-executing it.
   *
   * @param round the round of its certificate: above 0, the validators changed rounds
   * @param intervalMicros the time since the observer's previous block
   * @param signers the validators whose precommit is in the certificate
   * @param missing the validators whose precommit is not
   */
  public record Block(
      String observer,
      long height,
      String proposer,
      long round,
      long intervalMicros,
      List<String> signers,
      List<String> missing,
      double atSeconds) {
    public Block {
      signers = List.copyOf(signers);
      missing = List.copyOf(missing);
    }
  }

  /**
   * A certified block whose re-execution gave another root than its header's.
   *
   * @param field {@code stateRoot} or {@code receiptsRoot}
   */
  public record Divergence(
      String observer,
      long height,
      String field,
      String header,
      String computed,
      double atSeconds) {
    /** In words, for a check's details. */
    public String sentence() {
      return String.format(
          java.util.Locale.ROOT,
          "%s: block %d re-executes to %s %s, but its header says %s (at %.1f s)",
          observer,
          height,
          field,
          computed,
          header,
          atSeconds);
    }
  }

  /** A peer's software version as an observer learned it. */
  public record Peer(String observer, String peer, String version, double atSeconds) {}

  /**
   * The observer events among {@code records}, with times in run seconds from {@code zeroMicros};
   * other events are passed over. A field missing from an event reads as empty or -1, so a bad line
   * shows as such in the report instead of hiding the rest.
   */
  public static Observations of(Collection<LogRecord> records, long zeroMicros) {
    List<Block> blocks = new ArrayList<>();
    List<Divergence> divergences = new ArrayList<>();
    List<Peer> peers = new ArrayList<>();
    for (LogRecord r : records) {
      double at = (r.tsMicros() - zeroMicros) / 1e6;
      switch (r.event()) {
        case BLOCK ->
            blocks.add(
                new Block(
                    r.node(),
                    r.number("height", -1),
                    text(r, "proposer"),
                    r.number("round", -1),
                    r.number("intervalMicros", -1),
                    names(r, "signers"),
                    names(r, "missing"),
                    at));
        case DIVERGENCE ->
            divergences.add(
                new Divergence(
                    r.node(),
                    r.number("height", -1),
                    text(r, "field"),
                    text(r, "header"),
                    text(r, "computed"),
                    at));
        case PEER -> peers.add(new Peer(r.node(), text(r, "peer"), text(r, "version"), at));
        default -> {
          // Not an observer's event.
        }
      }
    }
    return new Observations(blocks, divergences, peers);
  }

  private static String text(LogRecord r, String field) {
    Object v = r.fields().get(field);
    return v == null ? "" : String.valueOf(v);
  }

  private static List<String> names(LogRecord r, String field) {
    Object v = r.fields().get(field);
    if (!(v instanceof Collection<?> c)) {
      return List.of();
    }
    return c.stream().map(String::valueOf).toList();
  }
}
