package io.ledgerlab.hermetic.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.hermetic.tuf.StrictJson;
import io.ledgerlab.runtime.disk.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the agent has done, one durable file per instruction id ({@code journal/<id>.json}). The
 * record is written and forced to disk <em>before</em> an instruction starts, so an instruction
 * runs at most once: after a crash mid-way it is found {@code started}, marked {@code interrupted}
 * and never started again — a half-applied upgrade is for the operator to look at, not for a retry
 * loop to repeat.
 */
public final class Journal {
  /** Where an instruction stands. */
  public enum State {
    STARTED,
    DONE,
    FAILED,
    INTERRUPTED;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One instruction's record. */
  public record Entry(
      String id,
      String kind,
      String sha256,
      long seq,
      State state,
      Instant startedAt,
      Optional<Instant> finishedAt,
      String detail,
      boolean uploaded) {}

  private final Path dir;

  /**
   * Every entry, read once at open: the agent holds the state's lock, so the files change only
   * through this journal, and a poll need not read them all again.
   */
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public Journal(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Entry e = read(StrictJson.MAPPER.readTree(f.toFile()));
        entries.put(e.id(), e);
      }
    }
  }

  public synchronized Optional<Entry> get(String id) {
    return Optional.ofNullable(entries.get(id));
  }

  /** Every entry, in the feed's order. */
  public synchronized List<Entry> all() {
    List<Entry> out = new ArrayList<>(entries.values());
    out.sort(java.util.Comparator.comparingLong(Entry::seq));
    return out;
  }

  /** Records that {@code id} starts now; forced to disk before the caller goes on. */
  public Entry start(String id, String kind, String sha256, long seq, Instant now)
      throws IOException {
    Entry e = new Entry(id, kind, sha256, seq, State.STARTED, now, Optional.empty(), "", false);
    write(e);
    return e;
  }

  public Entry finish(Entry started, boolean ok, String detail, Instant now) throws IOException {
    Entry e =
        new Entry(
            started.id(),
            started.kind(),
            started.sha256(),
            started.seq(),
            ok ? State.DONE : State.FAILED,
            started.startedAt(),
            Optional.of(now),
            detail,
            false);
    write(e);
    return e;
  }

  public Entry uploaded(Entry e) throws IOException {
    Entry u =
        new Entry(
            e.id(),
            e.kind(),
            e.sha256(),
            e.seq(),
            e.state(),
            e.startedAt(),
            e.finishedAt(),
            e.detail(),
            true);
    write(u);
    return u;
  }

  /** Marks every entry a crash left {@code started} as interrupted; returns them. */
  public List<Entry> recover(Instant now) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Entry e : all()) {
      if (e.state() == State.STARTED) {
        Entry i =
            new Entry(
                e.id(),
                e.kind(),
                e.sha256(),
                e.seq(),
                State.INTERRUPTED,
                e.startedAt(),
                Optional.of(now),
                "the agent stopped while it ran; not run again",
                false);
        write(i);
        out.add(i);
      }
    }
    return out;
  }

  private synchronized void write(Entry e) throws IOException {
    ObjectNode o = StrictJson.MAPPER.createObjectNode();
    o.put("id", e.id());
    o.put("kind", e.kind());
    o.put("sha256", e.sha256());
    o.put("seq", e.seq());
    o.put("state", e.state().key());
    o.put("startedAt", e.startedAt().toString());
    e.finishedAt().ifPresent(t -> o.put("finishedAt", t.toString()));
    o.put("detail", e.detail());
    o.put("uploaded", e.uploaded());
    DurableFiles.write(
        dir.resolve(e.id() + ".json"),
        StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    entries.put(e.id(), e);
  }

  private static Entry read(JsonNode o) {
    return new Entry(
        o.path("id").asText(),
        o.path("kind").asText(),
        o.path("sha256").asText(),
        o.path("seq").asLong(),
        State.valueOf(o.path("state").asText().toUpperCase(java.util.Locale.ROOT)),
        Instant.parse(o.path("startedAt").asText()),
        o.has("finishedAt")
            ? Optional.of(Instant.parse(o.path("finishedAt").asText()))
            : Optional.empty(),
        o.path("detail").asText(),
        o.path("uploaded").asBoolean());
  }
}
