package io.ledgerlab.cli;

import io.ledgerlab.hermetic.feed.Feed;
import io.ledgerlab.hermetic.feed.FeedException;
import io.ledgerlab.hermetic.feed.FeedServer;
import io.ledgerlab.hermetic.feed.Instruction;
import io.ledgerlab.hermetic.feed.InstructionException;
import io.ledgerlab.hermetic.feed.Uploads;
import io.ledgerlab.hermetic.tuf.Key;
import io.ledgerlab.hermetic.tuf.Role;
import io.ledgerlab.hermetic.tuf.TufException;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.node.keys.KeyDirectory;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.node.keys.PasswordException;
import io.ledgerlab.node.keys.PasswordSource;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerlab feed}: the operator's side of hermetic operations — a TUF repository of
 * instructions for agents in closed networks, its keys, and the uploads agents send back.
 */
@Command(
    name = "feed",
    description = {
      "A signed feed of instructions (The Update Framework: root, targets, snapshot, timestamp)"
          + " that agents in closed networks poll; see docs/hermetic.md.",
      "Exit codes: 0 done, 1 refused (a bad signature, a wrong key or password, an upload that"
          + " does not verify), 2 bad usage."
    },
    mixinStandardHelpOptions = true,
    subcommands = {
      FeedCommand.Init.class,
      FeedCommand.Add.class,
      FeedCommand.Sign.class,
      FeedCommand.Rotate.class,
      FeedCommand.Publish.class,
      FeedCommand.Serve.class,
      FeedCommand.Status.class,
      FeedCommand.UploadsCommand.class
    })
final class FeedCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every feed command shares: the feed directory, its keys and their password. */
  abstract static class Sub implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FEED", description = "The feed directory.")
    Path dir;

    @Option(
        names = "--keys",
        paramLabel = "DIR",
        description =
            "The key directory holding the feed's keystores. Default: FEED/keys. Root keys"
                + " belong offline: keep them on another machine and bring only what a command"
                + " signs with.")
    Path keysDir;

    @Mixin KeyPasswords.Current password;

    KeyDirectory keys() {
      return new KeyDirectory(keysDir != null ? keysDir : dir.resolve("keys"));
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
      try {
        return execute();
      } catch (IllegalArgumentException e) {
        spec.commandLine()
            .getErr()
            .println("ledgerlab feed " + spec.name() + ": " + e.getMessage());
        return ExitCode.USAGE;
      } catch (FeedException | InstructionException | TufException | KeystoreException e) {
        spec.commandLine()
            .getErr()
            .println("ledgerlab feed " + spec.name() + ": " + e.getMessage());
        return ExitCode.CHECK_FAILED;
      } catch (IOException e) {
        spec.commandLine()
            .getErr()
            .println(
                "ledgerlab feed "
                    + spec.name()
                    + ": "
                    + (e instanceof NoSuchFileException n && n.getReason() != null
                        ? n.getReason()
                        : e.toString()));
        return ExitCode.CHECK_FAILED;
      }
    }

    abstract int execute()
        throws IOException, FeedException, InstructionException, TufException, KeystoreException;

    Password password(String prompt, boolean confirm) throws FeedException {
      PasswordSource source = password.source(prompt, confirm);
      try {
        return source.read();
      } catch (PasswordException e) {
        throw new FeedException(e.getMessage());
      }
    }

    /** The key named {@code name} in the key directory, decrypted. */
    KeyPair key(String name, Password p) throws IOException, KeystoreException {
      return keys().read(name).decrypt(p);
    }

    /** The keystores of the key directory that read, by TUF key id; the others' problems. */
    private record Keystores(Map<String, Keystore> byId, List<String> unreadable) {}

    private Keystores keystores() throws IOException {
      Map<String, Keystore> byId = new java.util.LinkedHashMap<>();
      List<String> unreadable = new ArrayList<>();
      Path d = keys().dir();
      if (Files.isDirectory(d)) {
        try (Stream<Path> files = Files.list(d)) {
          for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
            try {
              Keystore k = KeystoreFiles.read(f);
              byId.put(new Key(k.publicKey()).id(), k);
            } catch (KeystoreException e) {
              unreadable.add(e.getMessage());
            }
          }
        }
      }
      return new Keystores(byId, unreadable);
    }

    /** The keystore among the key directory's whose TUF key id is one of {@code ids}. */
    KeyPair keyFor(Role role, List<String> ids, Password p)
        throws IOException, KeystoreException, FeedException {
      Keystores all = keystores();
      for (String id : ids) {
        if (all.byId().containsKey(id)) {
          return all.byId().get(id).decrypt(p);
        }
      }
      throw new FeedException(
          "no keystore in "
              + keys().dir()
              + " holds the "
              + role.key()
              + " key (key ids "
              + ids
              + ")"
              + (all.unreadable().isEmpty()
                  ? ""
                  : "; unreadable there: " + String.join("; ", all.unreadable())));
    }

    /** Whether the key directory holds a keystore of one of {@code ids} (no password needed). */
    boolean holdsAny(List<String> ids) throws IOException {
      return ids.stream().anyMatch(keystores().byId()::containsKey);
    }

    static Instant now() {
      return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
  }

  @Command(
      name = "init",
      description = {
        "Create a feed: root keys with a threshold, one key each for targets, snapshot and"
            + " timestamp (keystores of role operator in the key directory, under one password),"
            + " and version 1 of every role published in FEED/repo.",
        "Hand FEED/repo/metadata/1.root.json to each agent out of band: it is the trust anchor."
      },
      mixinStandardHelpOptions = true)
  static final class Init extends Sub {
    @Option(
        names = "--root-keys",
        defaultValue = "2",
        description = "How many root keys. Default: ${DEFAULT-VALUE}.")
    int rootKeys;

    @Option(
        names = "--root-threshold",
        defaultValue = "2",
        description = "How many root keys must sign a new root. Default: ${DEFAULT-VALUE}.")
    int rootThreshold;

    @Option(
        names = "--kdf",
        defaultValue = "scrypt",
        description = "The keystores' KDF: scrypt or pbkdf2. Default: ${DEFAULT-VALUE}.")
    KeysCommand.KdfChoice kdf;

    @Option(
        names = "--offline-keys",
        paramLabel = "DIR",
        description =
            "Where the root and targets keys go (carry it to an offline machine); the snapshot"
                + " and timestamp keys, which publish and serve use, go to --keys.")
    Path offlineKeys;

    @Option(
        names = "--expires",
        paramLabel = "ROLE=DURATION",
        description =
            "How long a role's metadata stays valid once signed, e.g. timestamp=1d. Defaults:"
                + " root=365d targets=90d snapshot=7d timestamp=1d.")
    Map<String, String> expires = new HashMap<>();

    @Override
    int execute() throws IOException, FeedException, KeystoreException {
      if (rootKeys < 1 || rootThreshold < 1 || rootThreshold > rootKeys) {
        throw new IllegalArgumentException(
            "--root-threshold " + rootThreshold + " of --root-keys " + rootKeys);
      }
      Feed.Expiries expiries = expiries(expires);
      if (Files.exists(dir.resolve("feed.json"))) {
        throw new FeedException(dir + " is a feed already (feed.json exists)");
      }
      KeyDirectory online = keys();
      KeyDirectory offline = offlineKeys != null ? new KeyDirectory(offlineKeys) : online;
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= rootKeys; i++) {
        names.add("root-" + i);
      }
      names.addAll(List.of("targets", "snapshot", "timestamp"));
      Map<String, KeyDirectory> where = new HashMap<>();
      for (String n : names) {
        KeyDirectory keys = n.equals("snapshot") || n.equals("timestamp") ? online : offline;
        where.put(n, keys);
        if (Files.exists(keys.file(n))) {
          throw new FeedException(keys.file(n) + " exists; init makes new keys");
        }
      }
      Map<String, KeyPair> made = new HashMap<>();
      SystemEntropy entropy = new SystemEntropy();
      try (Password p = password("password for the feed's keys", true)) {
        for (String n : names) {
          KeyPair k = KeyPair.generate(entropy);
          where
              .get(n)
              .add(
                  Keystore.encrypt(
                      k,
                      p,
                      kdf.kdf(),
                      new Label(
                          n,
                          io.ledgerlab.ledger.crypto.keystore.Role.OPERATOR,
                          "feed " + (n.startsWith("root") ? "root" : n) + " key",
                          Optional.of(now())),
                      entropy));
          made.put(n, k);
        }
      }
      List<KeyPair> root = new ArrayList<>();
      for (int i = 1; i <= rootKeys; i++) {
        root.add(made.get("root-" + i));
      }
      Feed feed =
          Feed.init(
              dir,
              new Feed.InitKeys(
                  root,
                  rootThreshold,
                  made.get("targets"),
                  made.get("snapshot"),
                  made.get("timestamp")),
              expiries,
              now());
      out().println("feed created in " + feed.dir());
      if (offline == online) {
        out().println("  keys:       " + online.dir() + " (" + String.join(", ", names) + ")");
        out()
            .println(
                "  warning:    the root and targets keys are beside the online ones; move them"
                    + " offline (or init with --offline-keys DIR)");
      } else {
        out().println("  online:     " + online.dir() + " (snapshot, timestamp)");
        out()
            .println(
                "  offline:    "
                    + offline.dir()
                    + " (root and targets: sign with --keys "
                    + offline.dir()
                    + ")");
      }
      out()
          .println(
              "  trust root: "
                  + feed.repo().resolve("metadata/1.root.json")
                  + "  (give it to each agent: ledgerlab agent --root FILE)");
      out().println("  serve:      ledgerlab feed serve " + dir + " --listen 127.0.0.1:8700");
      return ExitCode.OK;
    }
  }

  /**
   * A duration as the lab writes them ({@code 90s}, {@code 10m}, {@code 6h}) or in whole days
   * ({@code 7d}), the unit of metadata lifetimes.
   */
  static Optional<Long> durationMicros(String text) {
    java.util.regex.Matcher days =
        java.util.regex.Pattern.compile("\\s*(\\d{1,5})\\s*d\\s*").matcher(text);
    if (days.matches()) {
      return Optional.of(Long.parseLong(days.group(1)) * 86_400_000_000L);
    }
    return Units.durationMicros(text);
  }

  static Optional<Instant> expiresAt(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<Long> micros = durationMicros(text).filter(m -> m > 0);
    if (micros.isPresent()) {
      return Optional.of(Sub.now().plusNanos(micros.get() * 1_000));
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--expires: expected a duration such as 2d or a UTC time such as"
              + " 2026-12-01T00:00:00Z, got '"
              + text
              + "'");
    }
  }

  static Feed.Expiries expiries(Map<String, String> given) {
    Map<Role, Duration> d = new EnumMap<>(Role.class);
    Feed.Expiries def = Feed.Expiries.DEFAULT;
    d.put(Role.ROOT, def.root());
    d.put(Role.TARGETS, def.targets());
    d.put(Role.SNAPSHOT, def.snapshot());
    d.put(Role.TIMESTAMP, def.timestamp());
    for (var e : given.entrySet()) {
      Role r;
      try {
        r = Role.of(e.getKey());
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(
            "--expires " + e.getKey() + ": expected root, targets, snapshot or timestamp");
      }
      long micros =
          durationMicros(e.getValue())
              .filter(m -> m >= 60_000_000L)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--expires "
                              + e.getKey()
                              + ": expected a duration of at least 1m such as 1d, got '"
                              + e.getValue()
                              + "'"));
      d.put(r, Duration.ofNanos(micros * 1_000));
    }
    return new Feed.Expiries(
        d.get(Role.ROOT), d.get(Role.TARGETS), d.get(Role.SNAPSHOT), d.get(Role.TIMESTAMP));
  }

  @Command(
      name = "add",
      description = {
        "Add files and instructions to the feed's next publication. A file is added as"
            + " files/<name> (or the path after '='); an instruction (JSON, see"
            + " docs/hermetic.md) may name only files already added.",
        "Nothing is served until signed (feed sign --role targets) and published (feed publish)."
      },
      mixinStandardHelpOptions = true)
  static final class Add extends Sub {
    @Option(names = "--file", paramLabel = "PATH[=TARGET]", description = "A file to carry.")
    List<String> files = new ArrayList<>();

    @Option(names = "--instruction", paramLabel = "FILE", description = "An instruction (JSON).")
    List<Path> instructions = new ArrayList<>();

    @Option(
        names = "--expires",
        paramLabel = "DURATION|TIME",
        description =
            "After this (e.g. 2d from now, or 2026-12-01T00:00:00Z) agents record the instructions"
                + " added as expired instead of running them.")
    String expires;

    @Override
    int execute() throws IOException, FeedException, InstructionException {
      if (files.isEmpty() && instructions.isEmpty()) {
        throw new IllegalArgumentException("give --file or --instruction");
      }
      Optional<Instant> until = expiresAt(expires);
      Feed feed = Feed.open(dir);
      try (io.ledgerlab.runtime.disk.HeldLock lock = feed.lock()) {
        // Everything is checked before anything is added: a refused command adds nothing.
        Map<String, Path> adding = new java.util.LinkedHashMap<>();
        for (String f : files) {
          int eq = f.indexOf('=');
          Path local = Path.of(eq < 0 ? f : f.substring(0, eq));
          if (!Files.isRegularFile(local)) {
            throw new IllegalArgumentException("--file " + local + ": no such file");
          }
          String target = eq < 0 ? "files/" + local.getFileName() : f.substring(eq + 1);
          feed.checkFile(target);
          adding.put(target, local);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Path i : instructions) {
          Instruction in = feed.check(Files.readAllBytes(i), i.toString(), adding.keySet());
          if (!ids.add(in.id())) {
            throw new FeedException(i + ": id " + in.id() + " is given twice");
          }
        }
        for (var a : adding.entrySet()) {
          feed.addFile(a.getKey(), Files.readAllBytes(a.getValue()));
          out().println("added " + a.getKey() + " (" + Files.size(a.getValue()) + " bytes)");
        }
        for (Path i : instructions) {
          Instruction in = feed.addInstruction(Files.readAllBytes(i), i.toString(), until);
          out()
              .println(
                  "added instruction "
                      + in.id()
                      + " ("
                      + in.kind()
                      + ")"
                      + until.map(t -> ", expires " + t).orElse(""));
        }
      }
      out().println("next: ledgerlab feed sign " + dir + " --role targets; then feed publish");
      return ExitCode.OK;
    }
  }

  @Command(
      name = "sign",
      description = {
        "Sign the staged targets (made from the feed's content) or the staged root (made by feed"
            + " rotate) with one key; root needs its threshold of keys, each signing in turn."
      },
      mixinStandardHelpOptions = true)
  static final class Sign extends Sub {
    @Option(names = "--role", required = true, description = "targets or root.")
    String role;

    @Option(
        names = "--key",
        description =
            "The key's name in the key directory. Default for targets: the keystore holding the"
                + " targets key the root names.")
    String key;

    @Override
    int execute() throws IOException, FeedException, KeystoreException {
      Role r = Role.of(role);
      if (r != Role.TARGETS && r != Role.ROOT) {
        throw new IllegalArgumentException(
            "--role: targets or root (snapshot and timestamp are signed by publish)");
      }
      if (r == Role.ROOT && key == null) {
        throw new IllegalArgumentException("--key: which root key signs (e.g. root-1)");
      }
      Feed feed = Feed.open(dir);
      String name = key != null ? key : "the targets key";
      try (io.ledgerlab.runtime.disk.HeldLock lock = feed.lock();
          Password p = password("password for " + (key != null ? "key " + key : name), false)) {
        // Without --key, the keystore holding the key the root (staged, else published) names.
        List<String> ids = feed.stagedRoot().orElse(feed.currentRoot()).role(Role.TARGETS).keyIds();
        feed.sign(r, key != null ? key(key, p) : keyFor(Role.TARGETS, ids, p), now());
      }
      out().println("signed the staged " + r.fileName() + " with " + name);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "rotate",
      description = {
        "Stage a new root: add or remove root keys, change the root threshold, or replace the"
            + " targets, snapshot or timestamp key (a new key is created under the password"
            + " given). It is published once signed by a threshold of the current root keys and a"
            + " threshold of the new ones (feed sign --role root --key NAME, once per key)."
      },
      mixinStandardHelpOptions = true)
  static final class Rotate extends Sub {
    @Option(
        names = "--add-root-key",
        paramLabel = "NAME",
        description = "A root key to add, created if absent.")
    List<String> add = new ArrayList<>();

    @Option(
        names = "--remove-root-key",
        paramLabel = "NAME|KEYID",
        description = "A root key to remove, by its keystore's name or its key id.")
    List<String> remove = new ArrayList<>();

    @Option(names = "--root-threshold", description = "The new root threshold.")
    Integer threshold;

    @Option(
        names = "--replace",
        paramLabel = "ROLE=NAME",
        description = "Give targets, snapshot or timestamp a new key NAME, created if absent.")
    Map<String, String> replace = new HashMap<>();

    @Option(
        names = "--kdf",
        defaultValue = "scrypt",
        description = "KDF of keys created. Default: ${DEFAULT-VALUE}.")
    KeysCommand.KdfChoice kdf;

    @Override
    int execute() throws IOException, FeedException, KeystoreException {
      Feed feed = Feed.open(dir);
      try (io.ledgerlab.runtime.disk.HeldLock lock = feed.lock()) {
        return rotate(feed);
      }
    }

    private int rotate(Feed feed) throws IOException, FeedException, KeystoreException {
      List<Key> added = new ArrayList<>();
      List<String> removed = new ArrayList<>();
      Map<Role, Key> replaced = new EnumMap<>(Role.class);
      // Checked before any key is made: a refused rotation leaves no stray keystore behind.
      for (String n : remove) {
        // A key id serves too: a lost root key has no keystore to name.
        removed.add(n.matches("[0-9a-f]{64}") ? n : new Key(keys().read(n).publicKey()).id());
      }
      for (String r : replace.keySet()) {
        Role role;
        try {
          role = Role.of(r);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--replace " + r + ": targets, snapshot or timestamp");
        }
        if (role == Role.ROOT) {
          throw new IllegalArgumentException(
              "--replace root: root keys are added and removed (--add-root-key, --remove-root-key)");
        }
      }
      var current = feed.currentRoot();
      for (String id : removed) {
        if (!current.role(Role.ROOT).keyIds().contains(id)) {
          throw new FeedException(
              "key " + id + " is not a root key of root version " + current.version());
        }
      }
      int after = current.role(Role.ROOT).keyIds().size() - removed.size() + add.size();
      int wanted = threshold != null ? threshold : current.role(Role.ROOT).threshold();
      if (wanted < 1 || wanted > after) {
        throw new IllegalArgumentException(
            "a root threshold of " + wanted + " with " + after + " root keys after the change");
      }
      if (feed.stagedRoot().isPresent()) {
        out().println("note: this replaces the root change staged before, and its signatures");
      }
      try (Password p = password("password for the feed's keys", false)) {
        for (String n : add) {
          added.add(new Key(publicKey(n, p)));
        }
        for (var e : replace.entrySet()) {
          replaced.put(Role.of(e.getKey()), new Key(publicKey(e.getValue(), p)));
        }
      }
      var root =
          feed.stageRoot(
              new Feed.RootChange(added, removed, Optional.ofNullable(threshold), replaced), now());
      out()
          .println(
              "staged root version "
                  + root.version()
                  + ": root keys "
                  + root.role(Role.ROOT).keyIds().size()
                  + ", threshold "
                  + root.role(Role.ROOT).threshold());
      out()
          .println(
              "next: sign it with a threshold of the current and of the new root keys,"
                  + " then feed publish");
      return ExitCode.OK;
    }

    private PublicKey publicKey(String name, Password p) throws IOException, KeystoreException {
      KeyDirectory keys = keys();
      if (!Files.exists(keys.file(name))) {
        SystemEntropy entropy = new SystemEntropy();
        KeyPair k = KeyPair.generate(entropy);
        keys.add(
            Keystore.encrypt(
                k,
                p,
                kdf.kdf(),
                new Label(
                    name,
                    io.ledgerlab.ledger.crypto.keystore.Role.OPERATOR,
                    "feed key",
                    Optional.of(now())),
                entropy));
        out().println("created key " + name + " in " + keys.dir());
        return k.publicKey();
      }
      return keys.read(name).publicKey();
    }
  }

  @Command(
      name = "publish",
      description = {
        "Publish what is staged and signed, with a new snapshot and timestamp signed by the"
            + " online keys (found in the key directory by their key ids)."
      },
      mixinStandardHelpOptions = true)
  static final class Publish extends Sub {
    @Override
    int execute() throws IOException, FeedException, KeystoreException {
      Feed feed = Feed.open(dir);
      Feed.Publication pub;
      try (io.ledgerlab.runtime.disk.HeldLock lock = feed.lock();
          Password p = password("password for the snapshot and timestamp keys", false)) {
        // A root staged for publication may name new online keys: they must sign under it.
        var root = feed.stagedRoot().orElse(feed.currentRoot());
        KeyPair snapshot = keyFor(Role.SNAPSHOT, root.role(Role.SNAPSHOT).keyIds(), p);
        KeyPair timestamp = keyFor(Role.TIMESTAMP, root.role(Role.TIMESTAMP).keyIds(), p);
        pub = feed.publish(snapshot, timestamp, now());
      }
      out()
          .printf(
              "published: root %d, targets %d, snapshot %d, timestamp %d; %d targets%n",
              pub.root(), pub.targets(), pub.snapshot(), pub.timestamp(), pub.paths().size());
      feed.expiring(now()).forEach(w -> out().println("warning: " + w));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "serve",
      description = {
        "Serve FEED/repo over HTTP on a loopback or namespace address, and take agents' uploads"
            + " into FEED/uploads. With --refresh-timestamp it signs a new snapshot and timestamp"
            + " with the online keys whenever either is past half its lifetime, so agents are not"
            + " frozen out between publications (targets and root are renewed offline)."
      },
      mixinStandardHelpOptions = true)
  static final class Serve extends Sub {
    @Option(
        names = "--listen",
        defaultValue = "127.0.0.1:8700",
        description = "HOST:PORT. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(
        names = "--refresh-timestamp",
        description = "Sign a new snapshot and timestamp while serving, as they age.")
    boolean refresh;

    @Override
    int execute() throws IOException, FeedException, KeystoreException {
      Feed feed = Feed.open(dir);
      InetSocketAddress at = listenAddress(listen);
      PrintWriter out = out();
      if (at.getAddress() == null || at.getAddress().isAnyLocalAddress()) {
        say(
            out,
            "warning: "
                + listen
                + " is every interface of this machine; serve on a loopback or namespace address"
                + " that only the closed network reaches");
      }
      ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
      if (refresh) {
        KeyPair snapshot;
        KeyPair timestamp;
        try (Password p = password("password for the snapshot and timestamp keys", false)) {
          var root = feed.currentRoot();
          snapshot = keyFor(Role.SNAPSHOT, root.role(Role.SNAPSHOT).keyIds(), p);
          timestamp = keyFor(Role.TIMESTAMP, root.role(Role.TIMESTAMP).keyIds(), p);
        }
        List<String> offline = new ArrayList<>(feed.currentRoot().role(Role.ROOT).keyIds());
        offline.addAll(feed.currentRoot().role(Role.TARGETS).keyIds());
        if (holdsAny(offline)) {
          say(
              out,
              "warning: "
                  + keys().dir()
                  + " holds root or targets keys; the server needs only the snapshot and"
                  + " timestamp keys. Move the others offline");
        }
        // Looked at every minute from the start: a snapshot or timestamp past half its lifetime is
        // signed again, whenever it was published.
        refresher.scheduleWithFixedDelay(
            () -> refreshIfDue(feed, snapshot, timestamp, out), 0, 60, TimeUnit.SECONDS);
      }
      CountDownLatch stop = new CountDownLatch(1);
      FeedServer started;
      try {
        started = FeedServer.start(feed, at, line -> say(out, line));
      } catch (java.net.BindException e) {
        refresher.shutdownNow();
        throw new FeedException("cannot listen on " + listen + ": " + e.getMessage());
      }
      try (FeedServer server = started) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "feed-serve-stop"));
        say(
            out,
            "serving "
                + feed.repo()
                + " at "
                + server.url()
                + " (uploads into "
                + feed.uploads()
                + ")");
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        refresher.shutdownNow();
      }
      return ExitCode.OK;
    }

    private static InetSocketAddress listenAddress(String text) {
      int colon = text.lastIndexOf(':');
      String host = colon < 0 ? "" : text.substring(0, colon);
      String port = colon < 0 ? "" : text.substring(colon + 1);
      if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
        throw new IllegalArgumentException(
            "--listen: expected HOST:PORT with a port up to 65535, such as 127.0.0.1:8700, got '"
                + text
                + "'");
      }
      InetSocketAddress at = new InetSocketAddress(host, Integer.parseInt(port));
      if (at.isUnresolved()) {
        throw new IllegalArgumentException("--listen: no address " + host + " on this machine");
      }
      return at;
    }

    private static void refreshIfDue(
        Feed feed, KeyPair snapshot, KeyPair timestamp, PrintWriter out) {
      try {
        if (!feed.needsRefresh(now())) {
          return;
        }
        try (io.ledgerlab.runtime.disk.HeldLock lock = feed.lock()) {
          var t = feed.refresh(snapshot, timestamp, now());
          say(
              out,
              "snapshot version "
                  + t.snapshot().version()
                  + " and timestamp version "
                  + t.version()
                  + " signed; the timestamp expires "
                  + t.expires());
        }
        feed.expiring(now()).forEach(w -> say(out, "warning: " + w));
      } catch (IOException | FeedException | RuntimeException e) {
        say(out, "refresh: " + e.getMessage() + " (tried again in a minute)");
      }
    }

    private static void say(PrintWriter out, String line) {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    }
  }

  @Command(
      name = "status",
      description = "The published versions and expiries, what is staged, the instructions.",
      mixinStandardHelpOptions = true)
  static final class Status extends Sub {
    @Override
    int execute() throws IOException, FeedException {
      Feed feed = Feed.open(dir);
      var root = feed.currentRoot();
      out().printf("root version %d, expires %s%n", root.version(), root.expires());
      for (Role r : Role.values()) {
        out()
            .printf(
                "  %-9s threshold %d of %s%n",
                r.key(), root.role(r).threshold(), root.role(r).keyIds());
      }
      var targets = feed.publishedTargets();
      out().printf("targets version %d, expires %s%n", targets.version(), targets.expires());
      targets
          .targets()
          .forEach(
              (path, t) ->
                  out()
                      .printf(
                          "  %-40s %8d bytes%s%n",
                          path,
                          t.length(),
                          Feed.instructionOf(path, t)
                              .map(i -> "  instruction " + i.seq() + " " + i.kind())
                              .orElse("")));
      out().println("staged: " + (feed.staged().isEmpty() ? "nothing" : feed.staged()));
      feed.stagedRootProgress().ifPresent(p -> out().println("  " + p));
      List<String> unsigned = feed.unsigned();
      if (!unsigned.isEmpty()) {
        out().println("unsigned: " + String.join(", ", unsigned) + "  (feed sign --role targets)");
      }
      feed.expiring(now()).forEach(w -> out().println("warning: " + w));
      return ExitCode.OK;
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  @Command(
      name = "uploads",
      description = {
        "List and verify what an agent uploaded: each upload.json signed by the agent key given,"
            + " every file as it lists. Exit 1 when any upload does not verify, or there is none."
      },
      mixinStandardHelpOptions = true)
  static final class UploadsCommand extends Sub {
    @Option(
        names = "--agent-key",
        required = true,
        paramLabel = "HEX|KEYSTORE",
        description = "The agent's public key: 64 hex characters, or its keystore file.")
    String agentKey;

    @Override
    int execute() throws IOException, FeedException, KeystoreException {
      if (!agentKey.matches("[0-9a-fA-F]{64}") && !Files.isRegularFile(Path.of(agentKey))) {
        throw new IllegalArgumentException(
            "--agent-key: expected the agent's public key (64 hex characters) or its keystore"
                + " file, got '"
                + agentKey
                + "'");
      }
      PublicKey pk =
          agentKey.matches("[0-9a-fA-F]{64}")
              ? PublicKey.fromHex(agentKey.toLowerCase(java.util.Locale.ROOT))
              : KeystoreFiles.read(Path.of(agentKey)).publicKey();
      Key key = new Key(pk);
      Path base = Feed.open(dir).uploads().resolve(key.id());
      if (!Files.isDirectory(base)) {
        out().println("no uploads from agent " + key.id() + " (its key id; its address is not)");
        return ExitCode.CHECK_FAILED;
      }
      int bad = 0;
      // uploads/AGENT/INSTRUCTION/TAG/: an instruction may hold others' attempts beside the
      // agent's.
      for (Path id : list(base)) {
        for (Path d : list(id)) {
          String name = id.getFileName() + "/" + d.getFileName();
          try {
            Uploads.Verified v = Uploads.verify(d, key);
            if (!v.instruction().equals(id.getFileName().toString())) {
              throw new TufException(
                  TufException.Reason.MALFORMED,
                  "signed for instruction " + v.instruction() + ", stored under another");
            }
            out()
                .printf(
                    "VERIFIED %-24s %-11s %s  files: %s%n",
                    v.instruction(), v.state(), v.detail(), String.join(", ", v.files().keySet()));
          } catch (TufException e) {
            bad++;
            out().printf("REFUSED  %-24s %s%n", name, e.getMessage());
          }
        }
      }
      return bad == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
  }
}
