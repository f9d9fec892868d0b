package io.ledgerlab.hermetic.tuf;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The TUF client workflow (specification section 5, "Detailed client workflow"), for a repository
 * of the four top-level roles with consistent snapshots. Metadata is read from {@code metadata/}
 * and targets from {@code targets/} of the fetcher's repository; what verifies is persisted in the
 * {@link TrustedStore}, so versions never go down across restarts.
 *
 * <p>Nothing the repository serves is believed before it verifies: every file is fetched under a
 * length bound, parsed strictly, checked against the trusted root's keys and threshold, its version
 * against the trusted one and the one the referring role names, and its expiry against the time the
 * update started.
 */
public final class Updater {
  /**
   * Upper bounds on what is fetched when no trusted metadata gives a length (python-tuf's
   * defaults), and on how many root versions one update walks.
   */
  public record Limits(
      long rootBytes,
      long timestampBytes,
      long snapshotBytes,
      long targetsBytes,
      int maxRoots,
      long targetFileBytes) {
    /** A target is held in memory while it is checked: one larger than 1 GiB is refused. */
    public static final Limits DEFAULT =
        new Limits(512_000, 16_384, 2_000_000, 5_000_000, 256, 1L << 30);
  }

  /** The metadata a successful update left trusted. */
  public record Trusted(Root root, Timestamp timestamp, Snapshot snapshot, Targets targets) {}

  private final TrustedStore store;
  private final Fetcher fetcher;
  private final Clock clock;
  private final Limits limits;
  private Trusted trusted;

  public Updater(TrustedStore store, Fetcher fetcher, Clock clock, Limits limits) {
    this.store = store;
    this.fetcher = fetcher;
    this.clock = clock;
    this.limits = limits;
  }

  /** Runs the whole workflow: root, timestamp, snapshot, targets. */
  public Trusted refresh() throws TufException {
    // 5.1: the time the update starts is the time every expiry is checked against.
    Instant now = clock.instant();
    Root root = updateRoot(now);
    Timestamp timestamp = updateTimestamp(root, now);
    Snapshot snapshot = updateSnapshot(root, timestamp, now);
    Targets targets = updateTargets(root, snapshot, now);
    trusted = new Trusted(root, timestamp, snapshot, targets);
    return trusted;
  }

  /** The metadata of the last successful {@link #refresh()}. */
  public Optional<Trusted> trusted() {
    return Optional.ofNullable(trusted);
  }

  /**
   * 5.7: downloads a target the trusted targets metadata lists, by its hash-prefixed name, and
   * checks its length and SHA-256.
   */
  public byte[] target(String path) throws TufException {
    if (trusted == null) {
      throw new IllegalStateException("refresh before fetching targets");
    }
    TargetFile info = trusted.targets().targets().get(path);
    if (info == null) {
      throw new TufException(TufException.Reason.MISSING, "targets.json lists no target " + path);
    }
    if (info.length() > limits.targetFileBytes()) {
      throw new TufException(
          TufException.Reason.TOO_LARGE,
          "target "
              + path
              + ": "
              + info.length()
              + " bytes listed, at most "
              + limits.targetFileBytes()
              + " taken");
    }
    byte[] bytes =
        fetcher.fetch("targets/" + TargetFile.hashedPath(path, info.sha256()), info.length());
    Hashes.check(bytes, Optional.of(info.length()), Optional.of(info.sha256()), "target " + path);
    return bytes;
  }

  // ---- 5.2, 5.3: root --------------------------------------------------------------------------

  private Root updateRoot(Instant now) throws TufException {
    byte[] initial =
        store
            .read(Role.ROOT)
            .orElseThrow(
                () ->
                    new TufException(
                        TufException.Reason.MISSING,
                        "no trusted root.json in " + store.dir() + " (provision one)"));
    // 5.2: the trusted root came out of band; it is parsed, and must still be signed by itself.
    Envelope env = Envelope.parse(initial, Role.ROOT, "trusted root.json");
    Root root = Root.of(env);
    env.verify(root.role(Role.ROOT), root.keys(), "root");
    Root original = root;
    for (int i = 0; i < limits.maxRoots(); i++) {
      long next = root.version() + 1;
      String name = next + ".root.json";
      byte[] bytes;
      try {
        // 5.3.2: fetch N+1.root.json; its absence ends the walk.
        bytes = fetcher.fetch("metadata/" + name, limits.rootBytes());
      } catch (TufException e) {
        if (e.reason() == TufException.Reason.NOT_FOUND) {
          break;
        }
        throw e;
      }
      Envelope candidate = Envelope.parse(bytes, Role.ROOT, name);
      Root newRoot = Root.of(candidate);
      // 5.3.4: signed by a threshold of the trusted root's root keys and of its own.
      candidate.verify(
          root.role(Role.ROOT), root.keys(), "the trusted root (version " + root.version() + ")");
      candidate.verify(newRoot.role(Role.ROOT), newRoot.keys(), "its own root role");
      // 5.3.5: exactly version N+1.
      if (candidate.version() != next) {
        throw new TufException(
            candidate.version() <= root.version()
                ? TufException.Reason.ROLLBACK
                : TufException.Reason.VERSION_MISMATCH,
            name + ": version " + candidate.version() + ", expected " + next);
      }
      // 5.3.8: persist, and trust it for the next step of the walk.
      store.write(Role.ROOT, bytes);
      root = newRoot;
    }
    // 5.3.10: the final root must not have expired (a frozen repository).
    Envelope.parse(store.read(Role.ROOT).orElseThrow(), Role.ROOT, "root.json")
        .checkNotExpired(now);
    // 5.3.11: rotated timestamp or snapshot keys void what they signed (fast-forward recovery).
    if (!original.role(Role.TIMESTAMP).equals(root.role(Role.TIMESTAMP))
        || !original.role(Role.SNAPSHOT).equals(root.role(Role.SNAPSHOT))) {
      store.delete(Role.TIMESTAMP);
      store.delete(Role.SNAPSHOT);
    }
    return root;
  }

  // ---- 5.4: timestamp --------------------------------------------------------------------------

  private Timestamp updateTimestamp(Root root, Instant now) throws TufException {
    byte[] bytes = fetcher.fetch("metadata/" + Role.TIMESTAMP.fileName(), limits.timestampBytes());
    Envelope env = Envelope.parse(bytes, Role.TIMESTAMP, "timestamp.json");
    // 5.4.2: signed by a threshold of timestamp keys.
    env.verify(root.role(Role.TIMESTAMP), root.keys(), "timestamp");
    Timestamp fresh = Timestamp.of(env);
    Optional<Timestamp> old = trustedTimestamp(root);
    if (old.isPresent()) {
      // 5.4.3.1: the version never goes down; an equal one is the same publication.
      if (fresh.version() < old.get().version()) {
        throw new TufException(
            TufException.Reason.ROLLBACK,
            "timestamp.json: version "
                + fresh.version()
                + " is older than the trusted "
                + old.get().version());
      }
      // 5.4.3.1: an equal version is the publication already trusted: keep that one.
      if (fresh.version() == old.get().version()) {
        if (!old.get().expires().isAfter(now)) {
          throw new TufException(
              TufException.Reason.EXPIRED,
              "timestamp.json: version "
                  + fresh.version()
                  + " expired at "
                  + old.get().expires()
                  + " (the update started at "
                  + now
                  + ")");
        }
        return old.get();
      }
      // 5.4.3.2: nor does the snapshot version it names.
      if (fresh.snapshot().version() < old.get().snapshot().version()) {
        throw new TufException(
            TufException.Reason.ROLLBACK,
            "timestamp.json: snapshot version "
                + fresh.snapshot().version()
                + " is older than the trusted "
                + old.get().snapshot().version());
      }
    }
    // 5.4.4: not expired. An old but validly signed timestamp is refused here or above.
    env.checkNotExpired(now);
    // 5.4.5: persist.
    store.write(Role.TIMESTAMP, bytes);
    return fresh;
  }

  private Optional<Timestamp> trustedTimestamp(Root root) {
    return store
        .read(Role.TIMESTAMP)
        .flatMap(
            b -> {
              try {
                Envelope e = Envelope.parse(b, Role.TIMESTAMP, "trusted timestamp.json");
                e.verify(root.role(Role.TIMESTAMP), root.keys(), "timestamp");
                return Optional.of(Timestamp.of(e));
              } catch (TufException e) {
                // A trusted file the current root no longer vouches for is no longer trusted.
                store.delete(Role.TIMESTAMP);
                return Optional.empty();
              }
            });
  }

  // ---- 5.5: snapshot ---------------------------------------------------------------------------

  private Snapshot updateSnapshot(Root root, Timestamp timestamp, Instant now) throws TufException {
    MetaFile meta = timestamp.snapshot();
    // 5.5.1: consistent snapshots: VERSION.snapshot.json, bounded by the length timestamp names.
    String name = meta.version() + ".snapshot.json";
    byte[] bytes = fetcher.fetch("metadata/" + name, meta.length().orElse(limits.snapshotBytes()));
    // 5.5.2: the hashes and length timestamp names.
    Hashes.check(bytes, meta.length(), meta.sha256(), name);
    Envelope env = Envelope.parse(bytes, Role.SNAPSHOT, name);
    // 5.5.3: signed by a threshold of snapshot keys.
    env.verify(root.role(Role.SNAPSHOT), root.keys(), "snapshot");
    // 5.5.4: the version timestamp names.
    if (env.version() != meta.version()) {
      throw new TufException(
          TufException.Reason.VERSION_MISMATCH,
          name + ": version " + env.version() + ", timestamp names " + meta.version());
    }
    Snapshot fresh = Snapshot.of(env);
    Optional<Snapshot> old = trusted(Role.SNAPSHOT, root).map(this::snapshotOf);
    if (old.isPresent()) {
      // 5.5.5: no targets file goes missing or back in version.
      for (var entry : old.get().meta().entrySet()) {
        MetaFile found = fresh.meta().get(entry.getKey());
        if (found == null || found.version() < entry.getValue().version()) {
          throw new TufException(
              TufException.Reason.ROLLBACK,
              name
                  + ": "
                  + entry.getKey()
                  + " version "
                  + (found == null ? "missing" : found.version())
                  + " is older than the trusted "
                  + entry.getValue().version());
        }
      }
    }
    // 5.5.6: not expired.
    env.checkNotExpired(now);
    // 5.5.7: persist.
    store.write(Role.SNAPSHOT, bytes);
    return fresh;
  }

  // ---- 5.6: targets ----------------------------------------------------------------------------

  private Targets updateTargets(Root root, Snapshot snapshot, Instant now) throws TufException {
    MetaFile meta = snapshot.targets();
    String name = meta.version() + ".targets.json";
    byte[] bytes = fetcher.fetch("metadata/" + name, meta.length().orElse(limits.targetsBytes()));
    // 5.6.2: the hashes and length snapshot names, when it names them.
    Hashes.check(bytes, meta.length(), meta.sha256(), name);
    Envelope env = Envelope.parse(bytes, Role.TARGETS, name);
    // 5.6.3: signed by a threshold of targets keys.
    env.verify(root.role(Role.TARGETS), root.keys(), "targets");
    // 5.6.4: the version snapshot names.
    if (env.version() != meta.version()) {
      throw new TufException(
          TufException.Reason.VERSION_MISMATCH,
          name + ": version " + env.version() + ", snapshot names " + meta.version());
    }
    Optional<Envelope> old = trusted(Role.TARGETS, root);
    if (old.isPresent() && env.version() < old.get().version()) {
      throw new TufException(
          TufException.Reason.ROLLBACK,
          name
              + ": version "
              + env.version()
              + " is older than the trusted "
              + old.get().version());
    }
    // 5.6.5: not expired.
    env.checkNotExpired(now);
    Targets fresh = Targets.of(env);
    // 5.6.6: persist.
    store.write(Role.TARGETS, bytes);
    return fresh;
  }

  /** A trusted file that still verifies under {@code root}; one that does not is dropped. */
  private Optional<Envelope> trusted(Role role, Root root) {
    return store
        .read(role)
        .flatMap(
            b -> {
              try {
                Envelope e = Envelope.parse(b, role, "trusted " + role.fileName());
                e.verify(root.role(role), root.keys(), role.key());
                return Optional.of(e);
              } catch (TufException e) {
                store.delete(role);
                return Optional.empty();
              }
            });
  }

  private Snapshot snapshotOf(Envelope e) {
    try {
      return Snapshot.of(e);
    } catch (TufException x) {
      throw new IllegalStateException("a trusted snapshot that parsed once: " + x.getMessage(), x);
    }
  }
}
