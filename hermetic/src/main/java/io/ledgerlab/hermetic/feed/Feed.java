package io.ledgerlab.hermetic.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.hermetic.tuf.Envelope;
import io.ledgerlab.hermetic.tuf.Key;
import io.ledgerlab.hermetic.tuf.MetaFile;
import io.ledgerlab.hermetic.tuf.Role;
import io.ledgerlab.hermetic.tuf.RoleKeys;
import io.ledgerlab.hermetic.tuf.Root;
import io.ledgerlab.hermetic.tuf.Snapshot;
import io.ledgerlab.hermetic.tuf.StrictJson;
import io.ledgerlab.hermetic.tuf.TargetFile;
import io.ledgerlab.hermetic.tuf.Targets;
import io.ledgerlab.hermetic.tuf.Timestamp;
import io.ledgerlab.hermetic.tuf.TufException;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.runtime.disk.DurableFiles;
import io.ledgerlab.runtime.disk.HeldLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The operator's side of a feed: a TUF repository of instructions and their files.
 *
 * <pre>
 * FEED/feed.json         expiries and the next instruction's sequence number
 * FEED/content/...       the targets of the next publication, by target path
 * FEED/content.json      each target's custom metadata (what an instruction is)
 * FEED/staged/*.json     root or targets metadata being signed, one offline key at a time
 * FEED/repo/metadata/    what is served: N.root.json, root.json, V.targets.json,
 *                        V.snapshot.json, timestamp.json
 * FEED/repo/targets/     each target as HASH.name (consistent snapshots)
 * </pre>
 *
 * Root and targets are signed offline ({@link #sign}); snapshot and timestamp by the online keys at
 * {@link #publish}. Nothing is served until it verifies as a client would verify it.
 */
public final class Feed {
  /** How long each role's metadata stays valid after it is signed. */
  public record Expiries(Duration root, Duration targets, Duration snapshot, Duration timestamp) {
    public static final Expiries DEFAULT =
        new Expiries(
            Duration.ofDays(365), Duration.ofDays(90), Duration.ofDays(7), Duration.ofDays(1));

    Duration of(Role role) {
      return switch (role) {
        case ROOT -> root;
        case TARGETS -> targets;
        case SNAPSHOT -> snapshot;
        case TIMESTAMP -> timestamp;
      };
    }
  }

  /** The keys of a new feed: root keys with their threshold, and one key per other role. */
  public record InitKeys(
      List<KeyPair> root,
      int rootThreshold,
      KeyPair targets,
      KeyPair snapshot,
      KeyPair timestamp) {}

  /** What a publication made current. */
  public record Publication(
      long root, long targets, long snapshot, long timestamp, List<String> paths) {}

  private final Path dir;
  private ObjectNode config;

  private Feed(Path dir, ObjectNode config) {
    this.dir = dir;
    this.config = config;
  }

  public Path dir() {
    return dir;
  }

  public Path repo() {
    return dir.resolve("repo");
  }

  public Path uploads() {
    return dir.resolve("uploads");
  }

  /**
   * Takes the feed for a change (add, sign, rotate, publish, a refresh): two at once would read the
   * same versions and write over each other's publication.
   *
   * @throws FeedException when another process or command holds it
   */
  public HeldLock lock() throws IOException, FeedException {
    return HeldLock.tryLock(dir.resolve(".lock"))
        .orElseThrow(
            () ->
                new FeedException(
                    "another feed command is changing " + dir + " (its .lock is held); try again"));
  }

  /** Creates a feed and publishes version 1 of every role: root signed by all its keys. */
  public static Feed init(Path dir, InitKeys keys, Expiries expiries, Instant now)
      throws FeedException, IOException {
    if (Files.exists(dir.resolve("feed.json"))) {
      throw new FeedException(dir + " is a feed already (feed.json exists)");
    }
    Files.createDirectories(dir.resolve("content"));
    ObjectNode config = StrictJson.MAPPER.createObjectNode();
    ObjectNode e = config.putObject("expires");
    for (Role r : Role.values()) {
      e.put(r.key(), expiries.of(r).toSeconds());
    }
    config.put("nextSeq", 1);
    Feed feed = new Feed(dir, config);
    feed.saveConfig();
    Map<String, Key> all = new LinkedHashMap<>();
    Map<Role, RoleKeys> roles = new EnumMap<>(Role.class);
    List<String> rootIds = new ArrayList<>();
    for (KeyPair k : keys.root()) {
      Key key = new Key(k.publicKey());
      all.put(key.id(), key);
      rootIds.add(key.id());
    }
    roles.put(Role.ROOT, new RoleKeys(rootIds, keys.rootThreshold()));
    roles.put(Role.TARGETS, feed.single(all, keys.targets()));
    roles.put(Role.SNAPSHOT, feed.single(all, keys.snapshot()));
    roles.put(Role.TIMESTAMP, feed.single(all, keys.timestamp()));
    Root root = new Root(1, now.plus(expiries.root()), true, all, roles);
    byte[] rootFile = Envelope.sign(root.toJson(), keys.root());
    feed.writeRepo("metadata/1.root.json", rootFile);
    feed.writeRepo("metadata/root.json", rootFile);
    feed.sign(Role.TARGETS, keys.targets(), now);
    feed.publish(keys.snapshot(), keys.timestamp(), now);
    return feed;
  }

  private RoleKeys single(Map<String, Key> all, KeyPair k) {
    Key key = new Key(k.publicKey());
    all.put(key.id(), key);
    return new RoleKeys(List.of(key.id()), 1);
  }

  public static Feed open(Path dir) throws FeedException, IOException {
    Path f = dir.resolve("feed.json");
    if (!Files.isRegularFile(f)) {
      throw new FeedException(dir + " is not a feed (no feed.json); create one with feed init");
    }
    return new Feed(dir, (ObjectNode) StrictJson.MAPPER.readTree(f.toFile()));
  }

  public Expiries expiries() {
    JsonNode e = config.path("expires");
    return new Expiries(
        Duration.ofSeconds(e.path("root").asLong()),
        Duration.ofSeconds(e.path("targets").asLong()),
        Duration.ofSeconds(e.path("snapshot").asLong()),
        Duration.ofSeconds(e.path("timestamp").asLong()));
  }

  // ---- Content ---------------------------------------------------------------------------------

  /** Adds a file the next publication will carry at {@code path}. */
  public void addFile(String path, byte[] bytes) throws FeedException, IOException {
    checkFile(path);
    writeContent(path, bytes, Optional.empty());
  }

  /** Checks that a file could be added at {@code path}; nothing is written. */
  public void checkFile(String path) throws FeedException, IOException {
    if (!Targets.PATH.matcher(path).matches() || path.startsWith("instructions/")) {
      throw new FeedException(
          "a file's target path is relative, with no segment starting with a dot, and not under"
              + " instructions/; got '"
              + path
              + "'");
    }
    Iterator<Map.Entry<String, JsonNode>> it = contentIndex().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().path("instruction").path("files").has(path) && Files.exists(content(path))) {
        throw new FeedException(
            path
                + " is named by instruction "
                + e.getValue().path("instruction").path("id").asText()
                + "; add the new content under another path");
      }
    }
  }

  /**
   * Adds an instruction; every file it names must already be content of the feed, and its id must
   * be new: agents run each id once, so reusing one would never run.
   */
  public Instruction addInstruction(byte[] bytes, String source)
      throws FeedException, InstructionException, IOException {
    return addInstruction(bytes, source, Optional.empty());
  }

  /**
   * Reads an instruction and checks that it could be added: its id is new, and every file it names
   * is in the feed or among {@code alsoAdded} (files added in the same command). Nothing is
   * written: a command adding several checks them all first.
   */
  public Instruction check(byte[] bytes, String source, Set<String> alsoAdded)
      throws FeedException, InstructionException, IOException {
    Instruction in = Instruction.parse(bytes, source);
    if (Files.exists(content(Instruction.path(in.id())))) {
      throw new FeedException(
          source + ": id " + in.id() + " is in the feed already; agents run an id once");
    }
    for (String f : in.files()) {
      if (!Files.isRegularFile(content(f)) && !alsoAdded.contains(f)) {
        throw new FeedException(
            source + ": " + f + " is not in the feed; add it first (feed add --file)");
      }
    }
    return in;
  }

  /**
   * As above; after {@code expires} agents record the instruction as expired instead of running it.
   * The files it names are pinned by their SHA-256 in its custom metadata, and a path an
   * instruction pins cannot be replaced: an agent that runs it later gets the bytes it was added
   * with.
   */
  public Instruction addInstruction(byte[] bytes, String source, Optional<Instant> expires)
      throws FeedException, InstructionException, IOException {
    Instruction in = check(bytes, source, Set.of());
    String path = Instruction.path(in.id());
    long seq = config.path("nextSeq").asLong(1);
    ObjectNode custom = StrictJson.MAPPER.createObjectNode();
    ObjectNode i = custom.putObject("instruction");
    i.put("id", in.id()).put("kind", in.kind()).put("seq", seq);
    ObjectNode pins = i.putObject("files");
    for (String f : in.files()) {
      pins.put(f, Sha256.hash(Files.readAllBytes(content(f))).hex());
    }
    expires.ifPresent(
        t -> i.put("expires", t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
    writeContent(path, bytes, Optional.of(custom));
    config.put("nextSeq", seq + 1);
    saveConfig();
    return in;
  }

  private void writeContent(String path, byte[] bytes, Optional<JsonNode> custom)
      throws IOException {
    DurableFiles.write(content(path), bytes);
    ObjectNode index = contentIndex();
    if (custom.isPresent()) {
      index.set(path, custom.get());
    } else {
      index.remove(path);
    }
    DurableFiles.write(
        dir.resolve("content.json"),
        StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
  }

  private Path content(String path) {
    return dir.resolve("content").resolve(path);
  }

  private ObjectNode contentIndex() throws IOException {
    Path f = dir.resolve("content.json");
    return Files.exists(f)
        ? (ObjectNode) StrictJson.MAPPER.readTree(f.toFile())
        : StrictJson.MAPPER.createObjectNode();
  }

  /** The targets the content makes: every file with its length, hash and custom metadata. */
  private Map<String, TargetFile> contentTargets() throws IOException {
    Map<String, TargetFile> out = new TreeMap<>();
    ObjectNode index = contentIndex();
    Path root = dir.resolve("content");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        String path = root.relativize(f).toString().replace('\\', '/');
        if (path.contains("/.") || path.startsWith(".")) {
          continue; // a temporary file of an interrupted write
        }
        byte[] bytes = Files.readAllBytes(f);
        out.put(
            path,
            new TargetFile(
                bytes.length, Sha256.hash(bytes).hex(), Optional.ofNullable(index.get(path))));
      }
    }
    return out;
  }

  // ---- Signing ---------------------------------------------------------------------------------

  /**
   * Adds {@code key}'s signature to the staged metadata of {@code role} (root or targets). For
   * targets, the staged file is made from the content first when there is none or the content has
   * changed since; for root, {@link #stageRoot} must have made one.
   */
  public void sign(Role role, KeyPair key, Instant now) throws FeedException, IOException {
    Path staged = staged(role);
    String id = new Key(key.publicKey()).id();
    Root effective = stagedRoot().orElse(currentRoot());
    switch (role) {
      case TARGETS -> {
        // A signature the root being published will not count is a mistake, not progress.
        if (!effective.role(Role.TARGETS).keyIds().contains(id)) {
          throw new FeedException(
              "key "
                  + id
                  + " is not the targets key of root version "
                  + effective.version()
                  + " (key ids "
                  + effective.role(Role.TARGETS).keyIds()
                  + ")");
        }
        Map<String, TargetFile> targets = contentTargets();
        if (!Files.exists(staged) || !stagedTargets().equals(Optional.of(targets))) {
          Targets next =
              new Targets(
                  publishedTargets().version() + 1, now.plus(expiries().targets()), targets);
          DurableFiles.write(staged, Envelope.sign(next.toJson(), List.of()));
        }
      }
      case ROOT -> {
        if (!Files.exists(staged)) {
          throw new FeedException("no root change is staged; stage one with feed rotate");
        }
        if (!currentRoot().role(Role.ROOT).keyIds().contains(id)
            && !effective.role(Role.ROOT).keyIds().contains(id)) {
          throw new FeedException(
              "key " + id + " is a root key neither of the published root nor of the staged one");
        }
      }
      default ->
          throw new FeedException(role.key() + " is signed online by publish, not by feed sign");
    }
    try {
      DurableFiles.write(staged, Envelope.addSignatures(Files.readAllBytes(staged), List.of(key)));
    } catch (TufException e) {
      throw new FeedException("staged " + role.fileName() + ": " + e.getMessage(), e);
    }
  }

  private Optional<Map<String, TargetFile>> stagedTargets() throws IOException {
    if (!Files.exists(staged(Role.TARGETS))) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Targets.of(
                  Envelope.parse(
                      Files.readAllBytes(staged(Role.TARGETS)),
                      Role.TARGETS,
                      "staged targets.json"))
              .targets());
    } catch (TufException e) {
      return Optional.empty();
    }
  }

  /** A root change: keys added to or removed from roles, thresholds. */
  public record RootChange(
      List<Key> addRoot,
      List<String> removeRoot,
      Optional<Integer> rootThreshold,
      Map<Role, Key> replace) {}

  /**
   * Stages root version N+1 with {@code change} applied. It is published only when signed by a
   * threshold of the current root keys and a threshold of its own (specification 5.3.4).
   */
  public Root stageRoot(RootChange change, Instant now) throws FeedException, IOException {
    Root current = currentRoot();
    Map<String, Key> keys = new LinkedHashMap<>(current.keys());
    Map<Role, RoleKeys> roles = new EnumMap<>(current.roles());
    List<String> rootIds = new ArrayList<>(current.role(Role.ROOT).keyIds());
    for (String id : change.removeRoot()) {
      if (!rootIds.remove(id)) {
        throw new FeedException("key " + id + " is not a root key");
      }
    }
    for (Key k : change.addRoot()) {
      keys.put(k.id(), k);
      if (!rootIds.contains(k.id())) {
        rootIds.add(k.id());
      }
    }
    int threshold = change.rootThreshold().orElse(current.role(Role.ROOT).threshold());
    if (threshold < 1 || threshold > rootIds.size()) {
      throw new FeedException(
          "a root threshold of " + threshold + " with " + rootIds.size() + " root keys");
    }
    roles.put(Role.ROOT, new RoleKeys(rootIds, threshold));
    for (var e : change.replace().entrySet()) {
      if (e.getKey() == Role.ROOT) {
        throw new FeedException("root keys are added and removed, not replaced");
      }
      keys.put(e.getValue().id(), e.getValue());
      roles.put(e.getKey(), new RoleKeys(List.of(e.getValue().id()), 1));
    }
    // Keys no role uses any more leave the root: a revoked key is not kept "just in case".
    keys.keySet().removeIf(id -> roles.values().stream().noneMatch(r -> r.keyIds().contains(id)));
    Root next = new Root(current.version() + 1, now.plus(expiries().root()), true, keys, roles);
    DurableFiles.write(staged(Role.ROOT), Envelope.sign(next.toJson(), List.of()));
    return next;
  }

  // ---- Publishing ------------------------------------------------------------------------------

  /**
   * Publishes what is staged and signed, then a new snapshot and timestamp signed by the online
   * keys. Files are written targets first and timestamp last, so a client polling meanwhile sees
   * the old publication or the new one whole.
   */
  public Publication publish(KeyPair snapshotKey, KeyPair timestampKey, Instant now)
      throws FeedException, IOException {
    // Everything is checked first, then written: a refused publication changes nothing served.
    Root root = currentRoot();
    Path stagedRoot = staged(Role.ROOT);
    byte[] rootBytes = null;
    if (Files.exists(stagedRoot)) {
      rootBytes = Files.readAllBytes(stagedRoot);
      try {
        Envelope env = Envelope.parse(rootBytes, Role.ROOT, "staged root.json");
        Root next = Root.of(env);
        env.verify(
            root.role(Role.ROOT), root.keys(), "the current root (version " + root.version() + ")");
        env.verify(next.role(Role.ROOT), next.keys(), "the new root");
        if (next.version() != root.version() + 1) {
          throw new FeedException(
              "the staged root is version "
                  + next.version()
                  + " and the published one "
                  + root.version()
                  + "; stage the change again (feed rotate)");
        }
        if (!next.expires().isAfter(now)) {
          throw new FeedException(
              "the staged root expired at " + next.expires() + "; stage it again (feed rotate)");
        }
        root = next;
      } catch (TufException e) {
        throw new FeedException(
            e.getMessage() + "; sign it with more root keys (feed sign --role root --key NAME)", e);
      }
    }
    requireKey(root, Role.SNAPSHOT, snapshotKey);
    requireKey(root, Role.TIMESTAMP, timestampKey);
    Path stagedTargets = staged(Role.TARGETS);
    boolean newTargets = Files.exists(stagedTargets);
    Targets targets;
    byte[] targetsBytes;
    Map<String, byte[]> contents = new TreeMap<>();
    if (newTargets) {
      targetsBytes = Files.readAllBytes(stagedTargets);
      try {
        Envelope env = Envelope.parse(targetsBytes, Role.TARGETS, "staged targets.json");
        env.verify(root.role(Role.TARGETS), root.keys(), "targets");
        targets = Targets.of(env);
      } catch (TufException e) {
        throw new FeedException(
            e.getMessage() + "; sign it with the targets key (feed sign --role targets)", e);
      }
      for (var t : targets.targets().entrySet()) {
        byte[] content = Files.readAllBytes(content(t.getKey()));
        if (!Sha256.hash(content).hex().equals(t.getValue().sha256())) {
          throw new FeedException(
              t.getKey() + " changed after targets was signed; sign targets again");
        }
        contents.put(t.getKey(), content);
      }
    } else {
      targets = publishedTargets();
      if (targets.version() == 0) {
        throw new FeedException("no targets to publish yet; sign them (feed sign --role targets)");
      }
      targetsBytes = read("metadata/" + targets.version() + ".targets.json");
      try {
        // A new root may have replaced the targets key: what it signed before no longer counts.
        Envelope.parse(targetsBytes, Role.TARGETS, targets.version() + ".targets.json")
            .verify(root.role(Role.TARGETS), root.keys(), "targets");
      } catch (TufException e) {
        throw new FeedException(
            "root version "
                + root.version()
                + " has another targets key than the one that signed the published targets;"
                + " sign them again with it (feed sign --role targets --key NAME) before"
                + " publishing",
            e);
      }
    }
    List<String> unsigned = differences(contentTargets(), targets.targets());
    if (!unsigned.isEmpty()) {
      // Publishing now would leave out what the operator added: say so rather than drop it.
      throw new FeedException(
          "the feed's content differs from the targets signed ("
              + String.join(", ", unsigned)
              + "); sign targets again (feed sign --role targets)");
    }
    if (!targets.expires().isAfter(now)) {
      throw new FeedException(
          "the targets expired at "
              + targets.expires()
              + "; sign them again (feed sign --role"
              + " targets)");
    }
    // Root first (a client walks to it before anything else), targets before the metadata naming
    // them, timestamp last; the staged files go only once the timestamp is out, so a publish cut
    // short is done again whole by the next.
    if (rootBytes != null) {
      writeRepo("metadata/" + root.version() + ".root.json", rootBytes);
      writeRepo("metadata/root.json", rootBytes);
    }
    if (newTargets) {
      for (var t : targets.targets().entrySet()) {
        writeRepo(
            "targets/" + TargetFile.hashedPath(t.getKey(), t.getValue().sha256()),
            contents.get(t.getKey()));
      }
      writeRepo("metadata/" + targets.version() + ".targets.json", targetsBytes);
    }
    Timestamp ts = writeSnapshotAndTimestamp(targets, targetsBytes, snapshotKey, timestampKey, now);
    Files.deleteIfExists(stagedRoot);
    Files.deleteIfExists(stagedTargets);
    return new Publication(
        root.version(),
        targets.version(),
        ts.snapshot().version(),
        ts.version(),
        List.copyOf(targets.targets().keySet()));
  }

  private Timestamp writeSnapshotAndTimestamp(
      Targets targets, byte[] targetsBytes, KeyPair snapshotKey, KeyPair timestampKey, Instant now)
      throws IOException {
    long snapshotVersion = publishedVersion(Role.SNAPSHOT) + 1;
    Snapshot snapshot =
        new Snapshot(
            snapshotVersion,
            now.plus(expiries().snapshot()),
            Map.of(
                Role.TARGETS.fileName(),
                new MetaFile(
                    targets.version(),
                    Optional.of((long) targetsBytes.length),
                    Optional.of(Sha256.hash(targetsBytes).hex()))));
    byte[] snapshotBytes = Envelope.sign(snapshot.toJson(), List.of(snapshotKey));
    writeRepo("metadata/" + snapshotVersion + ".snapshot.json", snapshotBytes);
    Timestamp ts = timestampOf(snapshotVersion, snapshotBytes, now);
    writeRepo("metadata/timestamp.json", Envelope.sign(ts.toJson(), List.of(timestampKey)));
    return ts;
  }

  /**
   * Signs a new snapshot and timestamp for the published targets: what the online keys do between
   * publications, so that agents are not frozen out by those roles' short expiries. The targets
   * themselves (and root) are the offline keys' to renew: an expired one is refused here.
   */
  public Timestamp refresh(KeyPair snapshotKey, KeyPair timestampKey, Instant now)
      throws FeedException, IOException {
    Root root = currentRoot();
    requireKey(root, Role.SNAPSHOT, snapshotKey);
    requireKey(root, Role.TIMESTAMP, timestampKey);
    Targets targets = publishedTargets();
    if (!targets.expires().isAfter(now) || !root.expires().isAfter(now)) {
      throw new FeedException(
          "the published "
              + (root.expires().isAfter(now)
                  ? "targets expired at " + targets.expires()
                  : "root expired at " + root.expires())
              + "; only the offline keys can renew it (feed sign, feed publish)");
    }
    byte[] targetsBytes = read("metadata/" + targets.version() + ".targets.json");
    return writeSnapshotAndTimestamp(targets, targetsBytes, snapshotKey, timestampKey, now);
  }

  /**
   * Whether the published snapshot or timestamp is past half its lifetime at {@code now}: time for
   * {@link #refresh}.
   */
  public boolean needsRefresh(Instant now) throws IOException, FeedException {
    for (Role r : List.of(Role.TIMESTAMP, Role.SNAPSHOT)) {
      Instant expires = publishedExpiry(r);
      if (!expires.minus(expiries().of(r).dividedBy(2)).isAfter(now)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What has expired at {@code now}, or is in the last quarter of its role's lifetime, as sentences
   * for the operator. A timestamp or snapshot found there is one nobody refreshes.
   */
  public List<String> expiring(Instant now) throws IOException, FeedException {
    List<String> out = new ArrayList<>();
    for (Role r : Role.values()) {
      Instant expires = publishedExpiry(r);
      if (!expires.isAfter(now)) {
        out.add("the published " + r.key() + " expired at " + expires);
      } else if (!expires.isAfter(now.plus(expiries().of(r).dividedBy(4)))) {
        out.add("the published " + r.key() + " expires at " + expires);
      }
    }
    return out;
  }

  private Instant publishedExpiry(Role role) throws IOException, FeedException {
    return switch (role) {
      case ROOT -> currentRoot().expires();
      case TARGETS -> publishedTargets().expires();
      case SNAPSHOT, TIMESTAMP -> {
        long v = publishedVersion(Role.SNAPSHOT);
        String file = role == Role.TIMESTAMP ? "timestamp.json" : v + ".snapshot.json";
        try {
          yield Envelope.parse(read("metadata/" + file), role, file).expires();
        } catch (TufException e) {
          throw new FeedException("the published " + file + " does not read: " + e.getMessage(), e);
        }
      }
    };
  }

  private Timestamp timestampOf(long snapshotVersion, byte[] snapshotBytes, Instant now)
      throws IOException {
    return new Timestamp(
        publishedVersion(Role.TIMESTAMP) + 1,
        now.plus(expiries().timestamp()),
        new MetaFile(
            snapshotVersion,
            Optional.of((long) snapshotBytes.length),
            Optional.of(Sha256.hash(snapshotBytes).hex())));
  }

  private static void requireKey(Root root, Role role, KeyPair key) throws FeedException {
    String id = new Key(key.publicKey()).id();
    if (!root.role(role).keyIds().contains(id)) {
      throw new FeedException(
          "the "
              + role.key()
              + " key given ("
              + id
              + ") is not the "
              + role.key()
              + " key of root version "
              + root.version()
              + " ("
              + root.role(role).keyIds()
              + ")");
    }
  }

  /**
   * What the content holds that the targets last signed (staged, else published) do not say, as
   * "files/x (new)", "files/y (changed)", "files/z (removed)"; empty when they agree.
   */
  public List<String> unsigned() throws IOException, FeedException {
    Optional<Map<String, TargetFile>> staged = stagedTargets();
    return differences(
        contentTargets(), staged.isPresent() ? staged.get() : publishedTargets().targets());
  }

  private static List<String> differences(
      Map<String, TargetFile> content, Map<String, TargetFile> signed) {
    List<String> out = new ArrayList<>();
    for (var e : content.entrySet()) {
      TargetFile s = signed.get(e.getKey());
      if (s == null) {
        out.add(e.getKey() + " (new)");
      } else if (!s.equals(e.getValue())) {
        out.add(e.getKey() + " (changed)");
      }
    }
    for (String p : signed.keySet()) {
      if (!content.containsKey(p)) {
        out.add(p + " (removed)");
      }
    }
    return out;
  }

  /**
   * How far the staged root is signed: "k of t by the published root's keys, m of u by its own";
   * empty when none is staged.
   */
  public Optional<String> stagedRootProgress() throws FeedException, IOException {
    Path f = staged(Role.ROOT);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    Root current = currentRoot();
    try {
      Envelope env = Envelope.parse(Files.readAllBytes(f), Role.ROOT, "staged root.json");
      Root next = Root.of(env);
      return Optional.of(
          "root version "
              + next.version()
              + ": "
              + env.validSignatures(current.role(Role.ROOT), current.keys())
              + " of "
              + current.role(Role.ROOT).threshold()
              + " by the published root's keys, "
              + env.validSignatures(next.role(Role.ROOT), next.keys())
              + " of "
              + next.role(Role.ROOT).threshold()
              + " by its own");
    } catch (TufException e) {
      throw new FeedException(e.getMessage(), e);
    }
  }

  /** The root staged for the next publication, read but not yet verified; empty when none. */
  public Optional<Root> stagedRoot() throws FeedException, IOException {
    Path f = staged(Role.ROOT);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Root.of(Envelope.parse(Files.readAllBytes(f), Role.ROOT, "staged root.json")));
    } catch (TufException e) {
      throw new FeedException(e.getMessage(), e);
    }
  }

  /** The root the repository serves now. */
  public Root currentRoot() throws FeedException, IOException {
    try {
      return Root.of(Envelope.parse(read("metadata/root.json"), Role.ROOT, "root.json"));
    } catch (TufException e) {
      throw new FeedException("the published root.json does not read: " + e.getMessage(), e);
    }
  }

  /** The targets the repository serves now (version 0 and none before the first). */
  public Targets publishedTargets() throws IOException, FeedException {
    long v = publishedVersion(Role.SNAPSHOT);
    if (v == 0) {
      return new Targets(0, Instant.EPOCH, Map.of());
    }
    try {
      Snapshot s =
          Snapshot.of(
              Envelope.parse(
                  read("metadata/" + v + ".snapshot.json"), Role.SNAPSHOT, v + ".snapshot.json"));
      long tv = s.targets().version();
      return Targets.of(
          Envelope.parse(
              read("metadata/" + tv + ".targets.json"), Role.TARGETS, tv + ".targets.json"));
    } catch (TufException e) {
      throw new FeedException("the published metadata does not read: " + e.getMessage(), e);
    }
  }

  private long publishedVersion(Role role) throws IOException {
    Path ts = repo().resolve("metadata/timestamp.json");
    if (!Files.exists(ts)) {
      return 0;
    }
    JsonNode t = StrictJson.MAPPER.readTree(ts.toFile()).path("signed");
    return role == Role.TIMESTAMP
        ? t.path("version").asLong()
        : t.path("meta").path("snapshot.json").path("version").asLong();
  }

  /** The key ids of each role in the current root, for listing. */
  public Map<Role, RoleKeys> roles() throws FeedException, IOException {
    return currentRoot().roles();
  }

  /** Staged files, for status. */
  public List<Role> staged() {
    List<Role> out = new ArrayList<>();
    for (Role r : List.of(Role.ROOT, Role.TARGETS)) {
      if (Files.exists(staged(r))) {
        out.add(r);
      }
    }
    return out;
  }

  private Path staged(Role role) {
    return dir.resolve("staged").resolve(role.fileName());
  }

  private byte[] read(String repoPath) throws IOException {
    return Files.readAllBytes(repo().resolve(repoPath));
  }

  private void writeRepo(String repoPath, byte[] bytes) throws IOException {
    DurableFiles.write(repo().resolve(repoPath), bytes);
  }

  private void saveConfig() throws IOException {
    DurableFiles.write(
        dir.resolve("feed.json"),
        StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
  }

  /**
   * Custom metadata of a target, as the agent reads it: the instruction's id, kind and order. Empty
   * for a target that is not an instruction — and for one under {@code instructions/} whose custom
   * metadata is not usable, which the agent reports rather than runs.
   */
  public static Optional<InstructionRef> instructionOf(String path, TargetFile t) {
    if (!path.startsWith("instructions/") || t.custom().isEmpty()) {
      return Optional.empty();
    }
    JsonNode i = t.custom().get().path("instruction");
    // The id names files in the agent's state: only an id an instruction may have, at its path.
    if (!i.path("id").isTextual()
        || !Instruction.ID.matcher(i.path("id").textValue()).matches()
        || !path.equals(Instruction.path(i.path("id").textValue()))
        || !i.path("kind").isTextual()
        || !i.path("seq").isIntegralNumber()
        || !i.path("seq").canConvertToLong()) {
      return Optional.empty();
    }
    Map<String, String> pins = new TreeMap<>();
    i.path("files").fields().forEachRemaining(e -> pins.put(e.getKey(), e.getValue().asText()));
    Optional<Instant> expires = Optional.empty();
    if (i.has("expires")) {
      try {
        expires = Optional.of(Instant.parse(i.path("expires").asText()));
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new InstructionRef(
            path,
            i.path("id").textValue(),
            i.path("kind").textValue(),
            i.path("seq").longValue(),
            t.sha256(),
            pins,
            expires));
  }

  /** An instruction as targets metadata lists it, before its file is fetched. */
  public record InstructionRef(
      String path,
      String id,
      String kind,
      long seq,
      String sha256,
      Map<String, String> files,
      Optional<Instant> expires) {
    public InstructionRef {
      files = Map.copyOf(files);
    }
  }
}
