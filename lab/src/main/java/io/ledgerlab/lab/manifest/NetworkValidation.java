package io.ledgerlab.lab.manifest;

import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.genesis.SourceLocations;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.runtime.log.EventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Turns a {@link NetworkFile} into a {@link Network}, naming the place of every problem. */
public final class NetworkValidation {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
  private static final int NODES_MAX = 64;
  private static final int OPERATORS_MAX = io.ledgerlab.ledger.genesis.Genesis.OPERATORS_MAX;
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  private static final int VERSIONS_MAX = 16;
  // Canaries that act only through a validator's signatures or its counting of votes toward its
  // own: on an observer, which signs nothing, they would change nothing a check could see.
  private static final java.util.Set<Canary> SIGNER_CANARIES =
      java.util.EnumSet.of(Canary.DOUBLE_SIGN, Canary.IGNORE_LOCK, Canary.HALF_QUORUM);

  private final SourceLocations where;
  private final String prefix;

  /**
   * @param prefix the JSON pointer of the network in its document: "" or "/network"
   */
  public NetworkValidation(SourceLocations where, String prefix) {
    this.where = where;
    this.prefix = prefix;
  }

  public SourceLocations locations() {
    return where;
  }

  public Network network(NetworkFile f) throws ManifestException {
    require(
        f.name != null && NAME.matcher(f.name).matches(),
        "/name",
        "1-32 letters, digits, '-', '_'");
    Target target = target(f.target);
    if (f.targetOptions != null) {
      for (String key : f.targetOptions.keySet()) {
        require(
            target.options().contains(key),
            "/targetOptions/" + key,
            target.options().isEmpty()
                ? "no targetOptions: the " + target.name() + " target takes none"
                : "one of " + new TreeSet<>(target.options()) + ", got '" + key + "'");
      }
    }
    for (Target.Problem problem : target.problems(f)) {
      throw fail(problem.pointer(), problem.expected());
    }
    String chainId = f.chainId == null ? target.defaultChainId(f.name) : f.chainId;
    require(NAME.matcher(chainId).matches(), "/chainId", "1-32 letters, digits, '-', '_'");
    Map<String, Network.Version> versions = versions(f, target);
    String firstVersion =
        versions.isEmpty() ? Network.Version.CURRENT : versions.keySet().iterator().next();
    List<Network.NodeSpec> nodes = nodes(f, versions, firstVersion, target);
    long rescueAfter = rescueAfter(f, nodes, target);
    checkVersionCanaries(versions, nodes);
    int accounts = f.accounts == null ? 100 : f.accounts;
    require(accounts >= 2 && accounts <= 1_000_000, "/accounts", "between 2 and 1000000");
    long balance = f.balance == null ? 1_000_000_000L : f.balance;
    require(
        balance > 0 && balance <= Long.MAX_VALUE / accounts,
        "/balance",
        "a positive balance whose total fits a long");
    long blockInterval = duration(f.blockInterval, "/blockInterval", 500_000);
    require(
        blockInterval >= 0 && blockInterval <= 60_000_000, "/blockInterval", "between 0s and 60s");
    Network.Launch launch = launch(f.launch, target);
    for (Network.Version v : versions.values()) {
      require(
          v.classpath().isEmpty() || launch.command().contains("{classpath}"),
          "/versions/" + v.name() + "/classpath",
          "no classpath: the launch command has no {classpath} for it to fill");
    }
    return new Network(
        f.name,
        chainId,
        nodes,
        accounts,
        balance,
        blockInterval,
        links(f.links),
        launch,
        target.name(),
        f.targetOptions == null ? Map.of() : f.targetOptions,
        chainCode(f.chainCode, target),
        versions,
        operators(f.operators, target),
        Boolean.TRUE.equals(f.relay),
        rescueAfter,
        monitoring(f.monitoring, target));
  }

  /**
   * The monitoring asked for, with every threshold checked here: a Prometheus rule file that
   * Prometheus refuses would only show when the run has started.
   */
  private Network.Monitoring monitoring(NetworkFile.MonitoringEntry e, Target target)
      throws ManifestException {
    if (e == null) {
      return Network.Monitoring.NONE;
    }
    String p = "/monitoring";
    boolean shortForm = where.has(prefix + p) && !where.has(prefix + p + "/kind");
    String kindAt = shortForm ? p : p + "/kind";
    require(
        e.kind != null,
        kindAt,
        "a kind: 'monitoring: prometheus', or an object with kind: prometheus");
    require(
        e.kind.equals(Network.Monitoring.PROMETHEUS),
        kindAt,
        "'" + Network.Monitoring.PROMETHEUS + "', got '" + e.kind + "'");
    require(
        target.name().equals(Targets.DEFAULT),
        p,
        "no monitoring: the "
            + target.name()
            + " target's nodes serve no ledgerlab metrics for Prometheus to scrape");
    long scrape =
        duration(
            e.scrapeInterval,
            p + "/scrapeInterval",
            Network.Monitoring.SCRAPE_INTERVAL_MICROS_DEFAULT);
    require(
        scrape >= 100_000 && scrape <= 60_000_000 && scrape % 1_000 == 0,
        p + "/scrapeInterval",
        "between 100ms and 60s, in whole milliseconds");
    long stalled =
        duration(e.stalledFor, p + "/stalledFor", Network.Monitoring.STALLED_FOR_MICROS_DEFAULT);
    // A change needs two samples inside the window to show.
    require(
        stalled >= 2 * scrape && stalled <= 3_600_000_000L && stalled % 1_000 == 0,
        p + "/stalledFor",
        "at least two scrape intervals ("
            + 2 * scrape / 1_000
            + "ms), at most 1h, in whole"
            + " milliseconds");
    long window = duration(e.window, p + "/window", Network.Monitoring.WINDOW_MICROS_DEFAULT);
    require(
        window >= 2 * scrape && window <= 3_600_000_000L && window % 1_000 == 0,
        p + "/window",
        "at least two scrape intervals ("
            + 2 * scrape / 1_000
            + "ms), at most 1h, in whole"
            + " milliseconds");
    double missed = Network.Monitoring.MISSED_VOTES_RATIO_DEFAULT;
    if (e.missedVotes != null) {
      java.util.regex.Matcher m =
          Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3})?)\\s*%").matcher(e.missedVotes.trim());
      require(
          m.matches() && Double.parseDouble(m.group(1)) < 100,
          p + "/missedVotes",
          "a percentage in [0%, 100%) such as 20%, got '" + e.missedVotes + "'");
      missed = Double.parseDouble(m.group(1)) / 100;
    }
    return new Network.Monitoring(Network.Monitoring.PROMETHEUS, scrape, stalled, missed, window);
  }

  /** The operator set: a count in [1, 64] and a threshold in [1, count]. */
  private Network.Operators operators(NetworkFile.OperatorsEntry e, Target target)
      throws ManifestException {
    if (e == null) {
      return Network.Operators.NONE;
    }
    require(
        target.name().equals(Targets.DEFAULT),
        "/operators",
        "no operators: the " + target.name() + " target has no on-chain governance");
    require(
        e.count != null && e.count >= 1 && e.count <= OPERATORS_MAX,
        "/operators/count",
        "how many operators, 1 to " + OPERATORS_MAX + ", got " + e.count);
    int threshold = e.threshold == null ? e.count / 2 + 1 : e.threshold;
    require(
        threshold >= 1 && threshold <= e.count,
        "/operators/threshold",
        "a threshold in [1, " + e.count + "] (M of N operators), got " + threshold);
    return new Network.Operators(e.count, threshold);
  }

  /**
   * Reads every user chain-code jar through the node's own sandbox, so a jar that a node would
   * refuse is refused here, with its place in the file, before anything starts.
   */
  private List<Network.ChainCodeJar> chainCode(
      List<NetworkFile.ChainCodeEntry> entries, Target target) throws ManifestException {
    List<Network.ChainCodeJar> out = jars(entries, target, "/chainCode");
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < out.size(); i++) {
      require(
          names.add(out.get(i).name()),
          "/chainCode/" + i + "/jar",
          "one jar per chain code, got a second '" + out.get(i).name() + "'");
    }
    return out;
  }

  /** The jars under {@code pointer}, each read through the node's own sandbox. */
  private List<Network.ChainCodeJar> jars(
      List<NetworkFile.ChainCodeEntry> entries, Target target, String pointer)
      throws ManifestException {
    List<Network.ChainCodeJar> out = new ArrayList<>();
    if (entries == null) {
      return out;
    }
    require(
        target.name().equals(Targets.DEFAULT),
        pointer,
        "no chainCode: the " + target.name() + " target runs its own contracts");
    for (int i = 0; i < entries.size(); i++) {
      out.add(jar(entries.get(i), pointer + "/" + i));
    }
    return out;
  }

  private Network.ChainCodeJar jar(NetworkFile.ChainCodeEntry e, String p)
      throws ManifestException {
    require(e != null && e.jar != null, p, "an entry with jar: <path of a chain-code jar>");
    Path jar = here().resolve(e.jar).normalize();
    require(Files.isRegularFile(jar), p + "/jar", "a jar file, got '" + e.jar + "' (" + jar + ")");
    io.ledgerlab.chaincode.ChainCode code;
    String sha;
    try {
      sha = io.ledgerlab.ledger.sandbox.Sandbox.sha256Hex(jar);
      require(
          e.sha256 == null || e.sha256.equals(sha),
          p + "/sha256",
          "the jar's SHA-256 " + sha + ", got " + e.sha256);
      code = io.ledgerlab.ledger.sandbox.Sandbox.load(jar, sha);
    } catch (io.ledgerlab.ledger.sandbox.SandboxException x) {
      throw fail(p + "/jar", "a jar the chain-code sandbox accepts; " + x.getMessage());
    } catch (java.io.IOException x) {
      throw fail(p + "/jar", "a readable jar, got '" + e.jar + "': " + x.getMessage());
    }
    require(
        io.ledgerlab.ledger.tx.Payload.NAME.matcher(code.name()).matches(),
        p + "/jar",
        "a chain code whose name() is a lower-case name, got '" + code.name() + "'");
    require(
        !code.name().equals("token") && !code.name().equals("kv"),
        p + "/jar",
        "a chain code not named like a built-in, got '" + code.name() + "'");
    return new Network.ChainCodeJar(jar, code.name(), code.version(), sha);
  }

  /** The software versions, in the file's order; none given is the lab's own build alone. */
  private Map<String, Network.Version> versions(NetworkFile f, Target target)
      throws ManifestException {
    Map<String, Network.Version> out = new java.util.LinkedHashMap<>();
    if (f.versions == null) {
      return out;
    }
    require(
        !f.versions.isEmpty() && f.versions.size() <= VERSIONS_MAX,
        "/versions",
        "1 to " + VERSIONS_MAX + " versions, each a name with its settings (or {})");
    for (Map.Entry<String, NetworkFile.VersionEntry> v : f.versions.entrySet()) {
      String p = "/versions/" + v.getKey();
      require(
          VERSION_NAME.matcher(v.getKey()).matches(),
          p,
          "a version name of 1-32 letters, digits, '-', '_', '.', got '" + v.getKey() + "'");
      NetworkFile.VersionEntry e =
          v.getValue() == null ? new NetworkFile.VersionEntry() : v.getValue();
      List<Network.ChainCodeJar> jars = jars(e.chainCode, target, p + "/chainCode");
      java.util.Set<String> carried = new java.util.HashSet<>();
      for (int i = 0; i < jars.size(); i++) {
        Network.ChainCodeJar j = jars.get(i);
        require(
            carried.add(j.name() + "@" + j.version()),
            p + "/chainCode/" + i + "/jar",
            "one jar per chain code and version, got a second " + j.name() + " " + j.version());
      }
      out.put(
          v.getKey(),
          new Network.Version(
              v.getKey(),
              classpath(e.classpath, p + "/classpath"),
              jars,
              canary(e.canary, p + "/canary")));
    }
    return out;
  }

  /**
   * A version's canary runs on every node that runs the version, now or after an upgrade; like a
   * node's own, it may not run on a Byzantine node or a twin (the checks judge a canary as honest),
   * and not beside a node's own canary, which would hide one of the two.
   */
  private void checkVersionCanaries(
      Map<String, Network.Version> versions, List<Network.NodeSpec> nodes)
      throws ManifestException {
    for (Network.Version v : versions.values()) {
      if (v.canary() == Canary.NONE) {
        continue;
      }
      for (Network.NodeSpec n : nodes) {
        require(
            !n.observer() || !SIGNER_CANARIES.contains(v.canary()),
            "/versions/" + v.name() + "/canary",
            "no version canary '"
                + v.canary().key()
                + "' in a network with an observer ("
                + n.name()
                + "): it breaks how a validator signs or counts votes, the observer signs nothing"
                + " and may be upgraded to this version");
        require(
            n.honest() && n.canary() == Canary.NONE,
            "/versions/" + v.name() + "/canary",
            "no version canary in a network with a Byzantine node, a twin or a node canary ("
                + n.name()
                + "): any node may be upgraded to this version");
      }
    }
  }

  /** The canaries an observer may run: those that do not act through signing or vote counting. */
  private static String observerCanaries() {
    return java.util.Arrays.stream(Canary.values())
        .filter(c -> c != Canary.NONE && !SIGNER_CANARIES.contains(c))
        .map(Canary::key)
        .toList()
        .toString();
  }

  /** Jars or class directories, relative to the file, joined as a classpath. */
  private java.util.Optional<String> classpath(List<String> entries, String p)
      throws ManifestException {
    if (entries == null) {
      return java.util.Optional.empty();
    }
    require(!entries.isEmpty(), p, "jars or class directories, relative to this file");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String text = entries.get(i);
      require(text != null && !text.isBlank(), p + "/" + i, "a jar or a class directory");
      Path entry = here().resolve(text).normalize();
      require(
          Files.isDirectory(entry) || (Files.isRegularFile(entry) && text.endsWith(".jar")),
          p + "/" + i,
          "an existing jar or class directory, got '" + text + "' (" + entry + ")");
      out.add(entry.toString());
    }
    return java.util.Optional.of(String.join(java.io.File.pathSeparator, out));
  }

  private Target target(String name) throws ManifestException {
    String key = name == null ? Targets.DEFAULT : name;
    Target t = Targets.available().get(key);
    require(t != null, "/target", "one of " + Targets.available().keySet() + ", got '" + key + "'");
    return t;
  }

  private List<Network.NodeSpec> nodes(
      NetworkFile f, Map<String, Network.Version> versions, String firstVersion, Target target)
      throws ManifestException {
    List<Network.NodeSpec> nodes = new ArrayList<>();
    if (f.nodes == null) {
      int count = f.validators == null ? 4 : f.validators;
      require(count >= 1 && count <= NODES_MAX, "/validators", "between 1 and " + NODES_MAX);
      for (int i = 0; i < count; i++) {
        nodes.add(
            new Network.NodeSpec(
                "n" + i, 1, Behaviour.HONEST, 0, Canary.NONE, false, firstVersion));
      }
    } else {
      nodes.addAll(listed(f, versions, firstVersion));
    }
    int observers = f.observers == null ? 0 : f.observers;
    require(
        observers >= 0 && observers <= NODES_MAX - nodes.size(),
        "/observers",
        "between 0 and "
            + (NODES_MAX - nodes.size())
            + " (at most "
            + NODES_MAX
            + " nodes in all)");
    Set<String> names = new HashSet<>();
    nodes.forEach(n -> names.add(n.name()));
    for (int i = 0; i < observers; i++) {
      String name = "o" + i;
      require(
          names.add(name),
          "/observers",
          "observers named o0..o"
              + (observers - 1)
              + ", but a node under 'nodes' is named "
              + name);
      nodes.add(Network.NodeSpec.observer(name, 0, Canary.NONE, firstVersion));
    }
    if (nodes.stream().anyMatch(Network.NodeSpec::observer)) {
      require(
          target.name().equals(Targets.DEFAULT),
          f.observers != null ? "/observers" : "/nodes",
          "no observers: the " + target.name() + " target's nodes have no observer role");
    }
    return nodes;
  }

  /** The nodes listed one by one under {@code nodes}: validators and observers. */
  private List<Network.NodeSpec> listed(
      NetworkFile f, Map<String, Network.Version> versions, String firstVersion)
      throws ManifestException {
    require(
        !f.nodes.isEmpty() && f.nodes.size() <= NODES_MAX,
        "/nodes",
        "1 to " + NODES_MAX + " nodes");
    List<Network.NodeSpec> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < f.nodes.size(); i++) {
      NetworkFile.NodeEntry e = f.nodes.get(i);
      String p = "/nodes/" + i;
      require(e != null, p, "a node with at least a name");
      require(
          e.name != null && NAME.matcher(e.name).matches(),
          p + "/name",
          "1-32 letters, digits, '-', '_', got '" + e.name + "'");
      require(names.add(e.name), p + "/name", "a unique name; '" + e.name + "' is used twice");
      Network.Role role = role(e.role, p + "/role");
      if (role == Network.Role.OBSERVER) {
        // An observer votes on nothing: voting power, a way of voting or a second instance
        // voting with its key would mean nothing, and silently dropping them would mislead.
        require(e.power == null, p + "/power", "no power on an observer: it holds no voting power");
        require(
            e.behaviour == null,
            p + "/behaviour",
            "no behaviour on an observer: it votes on nothing, so it cannot be Byzantine");
        require(e.twin == null, p + "/twin", "no twin on an observer: it has no validator key");
      }
      long power = e.power == null ? 1 : e.power;
      require(power >= 1 && power <= 1_000_000, p + "/power", "between 1 and 1000000");
      Behaviour behaviour = behaviour(e.behaviour, p + "/behaviour");
      long offset = offset(e.clockOffset, p + "/clockOffset");
      Canary canary = canary(e.canary, p + "/canary");
      require(
          role != Network.Role.OBSERVER || !SIGNER_CANARIES.contains(canary),
          p + "/canary",
          "no canary '"
              + canary.key()
              + "' on an observer: it breaks how a validator signs or counts votes, and an"
              + " observer signs nothing, so no check could go red; observers take "
              + observerCanaries());
      // A canary node is judged as honest: a Byzantine behaviour or a twin would hide its bug.
      require(
          canary == Canary.NONE || (!behaviour.isByzantine() && !Boolean.TRUE.equals(e.twin)),
          p + "/canary",
          "no canary on a node that is Byzantine or a twin: the checks judge a canary node as"
              + " honest");
      String version = e.version == null ? firstVersion : e.version;
      require(
          e.version == null || versions.containsKey(e.version),
          p + "/version",
          versions.isEmpty()
              ? "no version: the network declares no 'versions'"
              : "one of the versions " + versions.keySet() + ", got '" + e.version + "'");
      require(
          canary == Canary.NONE
              || versions.isEmpty()
              || versions.get(version).canary() == Canary.NONE,
          p + "/canary",
          "no canary on a node whose version '" + version + "' has one already");
      nodes.add(
          role == Network.Role.OBSERVER
              ? Network.NodeSpec.observer(e.name, offset, canary, version)
              : new Network.NodeSpec(
                  e.name, power, behaviour, offset, canary, Boolean.TRUE.equals(e.twin), version));
    }
    long validators = nodes.stream().filter(Network.NodeSpec::validator).count();
    require(
        validators >= 1,
        "/nodes",
        "at least one node with role validator: observers alone commit nothing");
    require(
        f.validators == null || f.validators == validators,
        "/validators",
        "the number of entries under 'nodes' ("
            + validators
            + (validators == nodes.size() ? "" : ", observers not counted")
            + "), or leave it out");
    return nodes;
  }

  private Network.Role role(String text, String pointer) throws ManifestException {
    if (text == null) {
      return Network.Role.VALIDATOR;
    }
    for (Network.Role r : Network.Role.values()) {
      if (r.key().equals(text)) {
        return r;
      }
    }
    throw fail(pointer, "validator or observer, got '" + text + "'");
  }

  /** Whether nodes relay, and how long observers let a transaction wait before rescuing it. */
  private long rescueAfter(NetworkFile f, List<Network.NodeSpec> nodes, Target target)
      throws ManifestException {
    if (f.relay != null) {
      require(
          target.name().equals(Targets.DEFAULT),
          "/relay",
          "no relay: the " + target.name() + " target's nodes do not relay for the lab");
    }
    if (f.rescueAfter == null) {
      return 0;
    }
    long micros = duration(f.rescueAfter, "/rescueAfter", 0);
    require(
        micros >= 100_000 && micros <= 600_000_000,
        "/rescueAfter",
        "between 100ms and 10m, got '" + f.rescueAfter + "'");
    require(
        nodes.stream().anyMatch(Network.NodeSpec::observer),
        "/rescueAfter",
        "no rescueAfter without observers: observers rescue transactions (add 'observers: 1')");
    return micros;
  }

  private Canary canary(String text, String pointer) throws ManifestException {
    if (text == null) {
      return Canary.NONE;
    }
    Canary c = Canary.of(text);
    require(
        c != null,
        pointer,
        "one of "
            + Arrays.stream(Canary.values()).map(Canary::key).toList()
            + ", got '"
            + text
            + "'");
    return c;
  }

  /** A signed clock offset such as +2s or -500ms. */
  private long offset(String text, String pointer) throws ManifestException {
    if (text == null) {
      return 0;
    }
    boolean negative = text.startsWith("-");
    long micros = duration(negative ? text.substring(1) : text, pointer, 0);
    return negative ? -micros : micros;
  }

  private Behaviour behaviour(String text, String pointer) throws ManifestException {
    if (text == null) {
      return Behaviour.HONEST;
    }
    return NodeConfigs.behaviour(text)
        .orElseThrow(
            () ->
                fail(
                    pointer,
                    "one of "
                        + Arrays.stream(Behaviour.values()).map(NodeConfigs::behaviourName).toList()
                        + ", got '"
                        + text
                        + "'"));
  }

  private Network.Links links(NetworkFile.LinksEntry e) throws ManifestException {
    if (e == null) {
      return Network.Links.CLEAN;
    }
    long latency = duration(e.latency, "/links/latency", 0);
    long jitter = duration(e.jitter, "/links/jitter", 0);
    require(latency >= 0 && latency <= 10_000_000, "/links/latency", "between 0 and 10s");
    require(jitter >= 0 && jitter <= 10_000_000, "/links/jitter", "between 0 and 10s");
    double loss = e.loss == null ? 0 : e.loss;
    require(loss >= 0 && loss < 1, "/links/loss", "a probability in [0, 1)");
    long bandwidth = 0;
    if (e.bandwidth != null) {
      bandwidth =
          Units.bytes(e.bandwidth)
              .orElseThrow(
                  () ->
                      fail(
                          "/links/bandwidth",
                          "bytes per second such as 1MiB, got '" + e.bandwidth + "'"));
      require(bandwidth >= 1024, "/links/bandwidth", "at least 1KiB");
    }
    boolean direct = false;
    if (e.via != null) {
      require(
          e.via.equals("proxy") || e.via.equals("direct"),
          "/links/via",
          "proxy or direct, got '" + e.via + "'");
      direct = e.via.equals("direct");
      require(
          !direct || (latency == 0 && jitter == 0 && loss == 0 && bandwidth == 0),
          "/links/via",
          "no latency, jitter, loss or bandwidth with direct links: they go node to node, with"
              + " no proxy to add them");
    }
    return new Network.Links(latency, jitter, loss, bandwidth, direct);
  }

  private Network.Launch launch(NetworkFile.LaunchEntry given, Target target)
      throws ManifestException {
    NetworkFile.LaunchEntry e = given == null ? new NetworkFile.LaunchEntry() : given;
    String command = e.command == null ? target.defaultCommand().orElse(null) : e.command;
    require(
        command != null && !command.isBlank(),
        "/launch/command",
        "the command that starts one " + target.name() + " node (docs/targets.md)");
    Set<String> known = new TreeSet<>(Placeholders.ENGINE);
    known.addAll(target.placeholders());
    for (String name : Placeholders.in(command)) {
      require(
          known.contains(name),
          "/launch/command",
          "placeholders the "
              + target.name()
              + " target fills in "
              + known
              + ", got {"
              + name
              + "}");
    }
    Map<String, String> env = e.env == null ? Map.of() : e.env;
    for (Map.Entry<String, String> v : env.entrySet()) {
      require(
          ENV_NAME.matcher(v.getKey()).matches() && v.getValue() != null,
          "/launch/env/" + v.getKey(),
          "a variable name of letters, digits and '_' with a value");
    }
    EventLog.Level level = EventLog.Level.INFO;
    if (e.logLevel != null) {
      try {
        level = EventLog.Level.valueOf(e.logLevel.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException x) {
        throw fail("/launch/logLevel", "debug, info, warn or error, got '" + e.logLevel + "'");
      }
    }
    int basePort = e.basePort == null ? 0 : e.basePort;
    require(
        basePort == 0 || (basePort >= 1024 && basePort <= 60_000),
        "/launch/basePort",
        "0 (free ports) or 1024..60000");
    return new Network.Launch(
        command,
        e.jvmOptions == null ? Network.Launch.JVM_OPTIONS_DEFAULT : e.jvmOptions,
        level,
        basePort,
        env,
        here(),
        e.image == null ? java.util.Optional.empty() : image(e.image, "/launch/image"));
  }

  /** A build context: a directory, relative to the file, holding a Dockerfile. */
  private java.util.Optional<Path> image(String text, String pointer) throws ManifestException {
    Path dir = here().resolve(text).normalize();
    require(
        Files.isRegularFile(dir.resolve("Dockerfile")),
        pointer,
        "a directory holding a Dockerfile (relative to this file), got '"
            + text
            + "' ("
            + dir
            + (Files.isDirectory(dir) ? " has no Dockerfile)" : " is not a directory)"));
    return java.util.Optional.of(dir);
  }

  /**
   * The directory of the file being read, which relative paths in it start from ({@code {here}});
   * the working directory if none.
   */
  public Path here() {
    Path source = Path.of(where.source()).toAbsolutePath().normalize();
    Path parent = source.getParent();
    return Files.isRegularFile(source) && parent != null ? parent : Path.of("").toAbsolutePath();
  }

  /** A duration in human units, or {@code fallback} when absent. */
  public long duration(String text, String pointer, long fallback) throws ManifestException {
    if (text == null) {
      return fallback;
    }
    String t = text.startsWith("+") ? text.substring(1) : text;
    return Units.durationMicros(t)
        .orElseThrow(
            () -> fail(pointer, "a duration such as 250ms, 10s or 2m, got '" + text + "'"));
  }

  public void require(boolean ok, String pointer, String expected) throws ManifestException {
    if (!ok) {
      throw fail(pointer, expected);
    }
  }

  public ManifestException fail(String pointer, String expected) {
    return new ManifestException(where.error(prefix + pointer, "expected " + expected));
  }
}
