package io.ledgerlab.hermetic.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A consistent-snapshot TUF repository in memory, served through the {@link Fetcher} interface, for
 * tests that play both the honest operator and the attacker. It starts with root version 1 (one key
 * per role, threshold 1) and no publication; {@link #publish} writes the next targets, snapshot and
 * timestamp; {@link #rotateRoot} writes the next root for the keys set with {@link #setKeys}.
 * Everything is deterministic: keys come from their names, time from {@link #CLOCK}.
 *
 * <p>An attack is a change to what is served: {@link #put} any bytes under any name, {@link #serve}
 * an older {@link Publication} as a whole, or publish with {@link Edit}s that change a role's
 * {@code signed} object or its signers before it is signed.
 */
final class TestRepository implements Fetcher {
  /** The time every test's client starts its update at. */
  static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /**
   * How long after {@link #NOW} a role's metadata expires, unless an edit says else: short for the
   * online roles, long for root, as a repository signs them.
   */
  static Duration lifetime(Role role) {
    return switch (role) {
      case ROOT -> Duration.ofDays(365);
      case TARGETS -> Duration.ofDays(90);
      case SNAPSHOT -> Duration.ofDays(7);
      case TIMESTAMP -> Duration.ofDays(1);
    };
  }

  /** Every file the repository ever wrote, as of one moment: what a mirror would serve. */
  record Publication(Map<String, byte[]> files) {
    Publication {
      files = Map.copyOf(files);
    }

    byte[] file(String path) {
      byte[] b = files.get(path);
      if (b == null) {
        throw new IllegalArgumentException("the publication has no " + path);
      }
      return b.clone();
    }
  }

  /** A change to one role's metadata in a publication, made before it is signed. */
  record Edit(Role role, Consumer<ObjectNode> change, Optional<List<KeyPair>> signers) {}

  /** Changes {@code role}'s {@code signed} object before it is signed. */
  static Edit edit(Role role, Consumer<ObjectNode> change) {
    return new Edit(role, change, Optional.empty());
  }

  /** Signs {@code role}'s metadata with exactly {@code keys} instead of the role's keys. */
  static Edit signedBy(Role role, KeyPair... keys) {
    return new Edit(role, s -> {}, Optional.of(List.of(keys)));
  }

  /** The object at {@code names} under {@code node}: {@code at(s, "meta", "snapshot.json")}. */
  static ObjectNode at(ObjectNode node, String... names) {
    ObjectNode o = node;
    for (String n : names) {
      o = (ObjectNode) o.get(n);
    }
    return o;
  }

  /** Sets {@code role}'s expiry. */
  static Edit expires(Role role, Instant when) {
    return edit(role, s -> s.put("expires", iso(when)));
  }

  /**
   * Sets the version written inside {@code role}'s metadata (not the name it is published under).
   */
  static Edit version(Role role, long version) {
    return edit(role, s -> s.put("version", version));
  }

  /** A key derived from its name: the same name gives the same key in every run. */
  static KeyPair key(String name) {
    return KeyPair.fromSeed(
        Sha256.hash(("hermetic-tuf-test/" + name).getBytes(StandardCharsets.UTF_8)).bytes());
  }

  static String id(KeyPair k) {
    return new Key(k.publicKey()).id();
  }

  static String iso(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private final Map<String, byte[]> served = new HashMap<>();
  private final Map<Role, List<KeyPair>> keys = new EnumMap<>(Role.class);
  private final Map<Role, Integer> thresholds = new EnumMap<>(Role.class);
  private final Map<Long, List<KeyPair>> rootKeysByVersion = new HashMap<>();
  private final List<KeyPair> listedOnly = new ArrayList<>();
  private final Map<String, byte[]> targets = new TreeMap<>();
  private final List<String> fetched = new ArrayList<>();
  private final byte[] initialRoot;
  private long rootVersion;
  private long publications;

  private TestRepository(int rootThreshold, List<KeyPair> rootKeys) {
    for (Role r : Role.values()) {
      keys.put(r, List.of(key(r.key() + "-1")));
      thresholds.put(r, 1);
    }
    setKeys(Role.ROOT, rootThreshold, rootKeys.toArray(KeyPair[]::new));
    rotateRoot(rootKeys);
    initialRoot = file("metadata/1.root.json");
  }

  /** Root version 1 with keys {@code root-1}, {@code targets-1}, …, threshold 1 each. */
  static TestRepository create() {
    return create(1, key("root-1"));
  }

  /**
   * Root version 1 with {@code rootKeys} and {@code rootThreshold} for root, signed by all of them,
   * and keys {@code targets-1}, {@code snapshot-1}, {@code timestamp-1} for the others.
   */
  static TestRepository create(int rootThreshold, KeyPair... rootKeys) {
    return new TestRepository(rootThreshold, List.of(rootKeys));
  }

  // ---- the Fetcher ----------------------------------------------------------------------------

  @Override
  public byte[] fetch(String path, long maxLength) throws TufException {
    fetched.add(path);
    byte[] b = served.get(path);
    if (b == null) {
      throw new TufException(TufException.Reason.NOT_FOUND, path + ": no such file");
    }
    if (b.length > maxLength) {
      // As HttpFetcher does: a file longer than the bound is not read to its end.
      throw new TufException(
          TufException.Reason.TOO_LARGE, path + ": more than " + maxLength + " bytes");
    }
    return b.clone();
  }

  /** The paths fetched so far, in order. */
  List<String> fetched() {
    return List.copyOf(fetched);
  }

  // ---- what is served ---------------------------------------------------------------------------

  byte[] file(String path) {
    byte[] b = served.get(path);
    if (b == null) {
      throw new IllegalArgumentException("the repository serves no " + path);
    }
    return b.clone();
  }

  void put(String path, byte[] bytes) {
    served.put(path, bytes.clone());
  }

  void remove(String path) {
    served.remove(path);
  }

  /** Everything served now, to serve again later (a mirror frozen at this moment). */
  Publication publication() {
    return new Publication(served);
  }

  /** Serves exactly {@code p}'s files from now on, nothing newer. */
  void serve(Publication p) {
    served.clear();
    served.putAll(p.files());
  }

  /** Root version 1 as first published: what a client is provisioned with. */
  byte[] initialRoot() {
    return initialRoot.clone();
  }

  long rootVersion() {
    return rootVersion;
  }

  /** The number of {@link #publish} calls: the version of targets, snapshot and timestamp. */
  long publications() {
    return publications;
  }

  // ---- keys and root ----------------------------------------------------------------------------

  /**
   * The keys the next root lists for {@code role}, and the repository signs it with from now on.
   */
  void setKeys(Role role, int threshold, KeyPair... roleKeys) {
    keys.put(role, List.of(roleKeys));
    thresholds.put(role, threshold);
  }

  /** Keys the next roots list among their {@code keys} without giving them to any role. */
  void listWithoutRole(KeyPair... extra) {
    listedOnly.clear();
    listedOnly.addAll(List.of(extra));
  }

  List<KeyPair> keys(Role role) {
    return keys.get(role);
  }

  /** The root keys that root {@code version} lists. */
  List<KeyPair> rootKeys(long version) {
    return rootKeysByVersion.get(version);
  }

  /** The {@code signed} object of root {@code version} for the keys now set. */
  ObjectNode rootSigned(long version) {
    Map<String, Key> listed = new LinkedHashMap<>();
    Map<Role, RoleKeys> roles = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      List<String> ids = new ArrayList<>();
      for (KeyPair k : keys.get(r)) {
        listed.put(id(k), new Key(k.publicKey()));
        ids.add(id(k));
      }
      roles.put(r, new RoleKeys(ids, thresholds.get(r)));
    }
    listedOnly.forEach(k -> listed.put(id(k), new Key(k.publicKey())));
    return new Root(version, NOW.plus(lifetime(Role.ROOT)), true, listed, roles).toJson();
  }

  /**
   * Publishes root N+1 for the keys now set, signed by the old root keys and the new ones: both
   * thresholds, as a rotation needs.
   */
  byte[] rotateRoot() {
    LinkedHashSet<KeyPair> both = new LinkedHashSet<>();
    if (rootVersion > 0) {
      both.addAll(rootKeysByVersion.get(rootVersion));
    }
    both.addAll(keys.get(Role.ROOT));
    return rotateRoot(List.copyOf(both));
  }

  /** Publishes root N+1 for the keys now set, signed by exactly {@code signers}. */
  byte[] rotateRoot(List<KeyPair> signers) {
    return rotateRoot(signers, s -> {});
  }

  /**
   * Publishes root N+1 as {@code metadata/N+1.root.json}, its {@code signed} changed by {@code
   * change} (which may write another version into it) and signed by exactly {@code signers}.
   */
  byte[] rotateRoot(List<KeyPair> signers, Consumer<ObjectNode> change) {
    long next = rootVersion + 1;
    ObjectNode signed = rootSigned(next);
    change.accept(signed);
    byte[] file = Envelope.sign(signed, signers);
    served.put("metadata/" + next + ".root.json", file);
    rootKeysByVersion.put(next, keys.get(Role.ROOT));
    rootVersion = next;
    return file.clone();
  }

  // ---- targets and publications -----------------------------------------------------------------

  void addTarget(String path, byte[] content) {
    targets.put(path, content.clone());
  }

  void removeTarget(String path) {
    targets.remove(path);
  }

  /** The content of target {@code path} as the repository holds it. */
  byte[] target(String path) {
    return targets.get(path).clone();
  }

  Map<String, byte[]> targets() {
    Map<String, byte[]> copy = new TreeMap<>();
    targets.forEach((p, b) -> copy.put(p, b.clone()));
    return copy;
  }

  /** Where a consistent-snapshot repository stores target {@code path}'s content. */
  static String targetPath(String path, byte[] content) {
    return "targets/" + TargetFile.hashedPath(path, Sha256.hash(content).hex());
  }

  /**
   * Publishes version V+1 of targets, snapshot and timestamp: the targets now added, a snapshot
   * naming the targets file's version, length and hash, a timestamp naming the snapshot's. Each
   * {@link Edit} changes its role's {@code signed} object (or signers) before signing, so a
   * referring role names what was really written.
   */
  Publication publish(Edit... edits) {
    long v = ++publications;
    TreeMap<String, TargetFile> listed = new TreeMap<>();
    targets.forEach(
        (path, content) -> {
          String sha = Sha256.hash(content).hex();
          listed.put(path, new TargetFile(content.length, sha, Optional.empty()));
          served.put(targetPath(path, content), content.clone());
        });
    byte[] targetsFile =
        sign(
            Role.TARGETS, new Targets(v, NOW.plus(lifetime(Role.TARGETS)), listed).toJson(), edits);
    served.put("metadata/" + v + ".targets.json", targetsFile);
    byte[] snapshotFile =
        sign(
            Role.SNAPSHOT,
            new Snapshot(
                    v,
                    NOW.plus(lifetime(Role.SNAPSHOT)),
                    Map.of(Role.TARGETS.fileName(), describe(v, targetsFile)))
                .toJson(),
            edits);
    served.put("metadata/" + v + ".snapshot.json", snapshotFile);
    byte[] timestampFile =
        sign(
            Role.TIMESTAMP,
            new Timestamp(v, NOW.plus(lifetime(Role.TIMESTAMP)), describe(v, snapshotFile))
                .toJson(),
            edits);
    served.put("metadata/timestamp.json", timestampFile);
    return publication();
  }

  private static MetaFile describe(long version, byte[] file) {
    return new MetaFile(
        version, Optional.of((long) file.length), Optional.of(Sha256.hash(file).hex()));
  }

  private byte[] sign(Role role, ObjectNode signed, Edit... edits) {
    List<KeyPair> signers = keys.get(role);
    for (Edit e : edits) {
      if (e.role() == role) {
        e.change().accept(signed);
        signers = e.signers().orElse(signers);
      }
    }
    return Envelope.sign(signed, signers);
  }

  // ---- clients ---------------------------------------------------------------------------------

  /** A client whose trusted store in {@code dir} holds only root version 1, at {@link #NOW}. */
  Updater client(Path dir) {
    return client(dir, CLOCK);
  }

  Updater client(Path dir, Clock clock) {
    TrustedStore store = new TrustedStore(dir);
    if (store.read(Role.ROOT).isEmpty()) {
      store.write(Role.ROOT, initialRoot);
    }
    return new Updater(store, this, clock, Updater.Limits.DEFAULT);
  }

  /**
   * The version of {@code role}'s metadata in the trusted store, 0 when it holds none: what a
   * failed update must have left where it was.
   */
  static long trustedVersion(Path dir, Role role) {
    return new TrustedStore(dir)
        .read(role)
        .map(
            b -> {
              try {
                return Envelope.parse(b, role, "trusted " + role.fileName()).version();
              } catch (TufException e) {
                throw new AssertionError("the trusted store holds a bad " + role.fileName(), e);
              }
            })
        .orElse(0L);
  }
}
