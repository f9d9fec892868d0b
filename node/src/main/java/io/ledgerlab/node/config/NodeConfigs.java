package io.ledgerlab.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.genesis.SourceLocations;
import io.ledgerlab.ledger.genesis.SourceText;
import io.ledgerlab.ledger.genesis.YamlErrors;
import io.ledgerlab.node.keys.PasswordSource;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads and writes node configuration files. */
public final class NodeConfigs {
  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private NodeConfigs() {}

  public static NodeConfig read(Path file) throws ConfigException {
    String text;
    try {
      text = SourceText.decode(file.toString(), Files.readAllBytes(file));
      SourceText.check(file.toString(), text);
    } catch (SourceText.Rejected e) {
      throw new ConfigException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    NodeConfigFile raw;
    try {
      raw = YAML.readValue(text, NodeConfigFile.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          at(file, e)
              + "unknown key '"
              + e.getPropertyName()
              + "'; expected one of "
              + e.getKnownPropertyIds(),
          e);
    } catch (JsonProcessingException e) {
      Optional<String> syntax = YamlErrors.syntax(file.toString(), text, e);
      throw new ConfigException(
          syntax.orElseGet(
              () -> at(file, e) + YamlErrors.problem((JsonMappingException) e, text, YAML)),
          e);
    }
    if (raw == null) {
      throw new ConfigException(file + ": the document is empty");
    }
    return new Validation(file, text).config(raw);
  }

  /** Writes {@code config} to {@code file}, with paths relative to the file's directory. */
  public static void write(NodeConfig config, Path file) throws IOException {
    Path base = file.toAbsolutePath().getParent();
    NodeConfigFile raw = new NodeConfigFile();
    raw.name = config.name();
    raw.genesis = relative(base, config.genesis());
    raw.nodeKey = relative(base, config.nodeKey());
    raw.validatorKey = config.validatorKey().map(p -> relative(base, p)).orElse(null);
    if (config.keyPassword().isPresent()) {
      PasswordSource source = config.keyPassword().get();
      if (source instanceof PasswordSource.File f) {
        raw.passwordFile = relative(base, f.path());
      } else if (source instanceof PasswordSource.Env e) {
        raw.passwordEnv = e.name();
      } else {
        throw new IllegalArgumentException(
            "a node config reads its password from a file or an environment variable, not "
                + source.describe());
      }
    }
    raw.dataDir = relative(base, config.dataDir());
    raw.codeDir = relative(base, config.codeDir());
    raw.logFile = relative(base, config.logFile());
    raw.logLevel = config.logLevel().name().toLowerCase(Locale.ROOT);
    raw.p2p = hostPort(config.p2p());
    raw.rpc = hostPort(config.rpc());
    raw.peers = new ArrayList<>();
    for (NodeConfig.Peer p : config.peers()) {
      NodeConfigFile.PeerEntry e = new NodeConfigFile.PeerEntry();
      e.name = p.name();
      e.address = hostPort(p.address());
      e.nodeKey = p.nodeKey().hex();
      raw.peers.add(e);
    }
    raw.clockOffsetMicros = config.clockOffsetMicros();
    raw.behaviour = behaviourName(config.behaviour());
    raw.byzantine = config.byzantine().isEmpty() ? null : config.byzantine();
    raw.canary = config.canary() == Canary.NONE ? null : config.canary().key();
    raw.timeoutCommitMicros = config.timeoutCommitMicros();
    raw.labControls = config.labControls();
    raw.supervisorPid = config.supervisorPid().orElse(null);
    raw.relay = config.relay() ? Boolean.TRUE : null;
    raw.rescueAfter =
        config.rescueAfterMicros() == 0 ? null : formatDuration(config.rescueAfterMicros());
    Files.createDirectories(base);
    Files.writeString(file, YAML.writeValueAsString(raw));
  }

  /** The manifest and config spelling of a behaviour: {@code DOUBLE_VOTE} is "double-vote". */
  public static String behaviourName(Behaviour b) {
    return b.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The behaviour a name spells, or empty. */
  public static Optional<Behaviour> behaviour(String name) {
    for (Behaviour b : Behaviour.values()) {
      if (behaviourName(b).equals(name)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The shortest whole spelling of a duration: {@code 2s}, {@code 1500ms}, {@code 250us}. */
  public static String formatDuration(long micros) {
    if (micros % 60_000_000 == 0 && micros > 0) {
      return micros / 60_000_000 + "m";
    }
    if (micros % 1_000_000 == 0) {
      return micros / 1_000_000 + "s";
    }
    return micros % 1_000 == 0 ? micros / 1_000 + "ms" : micros + "us";
  }

  /**
   * Microseconds in {@code text} ({@code 2s}, {@code 500ms}, {@code 1.5s}, {@code 1m}), or empty.
   */
  public static Optional<Long> durationMicros(String text) {
    if (text == null) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    long unit =
        switch (m.group(2)) {
          case "us" -> 1L;
          case "ms" -> 1_000L;
          case "s" -> 1_000_000L;
          default -> 60_000_000L;
        };
    return Optional.of(Math.round(Double.parseDouble(m.group(1)) * unit));
  }

  private static final java.util.regex.Pattern DURATION =
      java.util.regex.Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)(us|ms|s|m)");

  /** The shortest rescue bound a node takes: below it the rescue timer would spin. */
  public static final long RESCUE_AFTER_MICROS_MIN = 10_000;

  /** The longest: an hour. */
  public static final long RESCUE_AFTER_MICROS_MAX = 3_600_000_000L;

  public static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** Parses {@code host:port}; empty when it is not one. */
  public static Optional<InetSocketAddress> address(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65_535) {
        return Optional.empty();
      }
      return Optional.of(InetSocketAddress.createUnresolved(text.substring(0, colon), port))
          .map(u -> new InetSocketAddress(u.getHostString(), u.getPort()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String relative(Path base, Path p) {
    Path abs = p.toAbsolutePath();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  private static String at(Path file, JsonProcessingException e) {
    String where = SourceLocations.at(file.toString(), e.getLocation());
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      where += ": " + SourceLocations.pointer(m);
    }
    return where + ": ";
  }

  private static final class Validation {
    private final Path file;
    private final Path base;
    private final SourceLocations locations;

    Validation(Path file, String text) {
      this.file = file;
      this.base = file.toAbsolutePath().getParent();
      this.locations = SourceLocations.index(YAML.getFactory(), file.toString(), text);
    }

    NodeConfig config(NodeConfigFile raw) throws ConfigException {
      // Jackson 2 does not enforce required properties on fields: check them here.
      require(raw.name != null, "name", "the node's name");
      require(raw.genesis != null, "genesis", "the genesis file");
      require(raw.nodeKey != null, "nodeKey", "the node key file");
      require(raw.p2p != null, "p2p", "the peer-to-peer listen address, host:port");
      require(raw.rpc != null, "rpc", "the RPC listen address, host:port");
      require(raw.name.matches("[A-Za-z0-9_.-]{1,32}"), "name", "1-32 letters, digits, _ . -");
      List<NodeConfig.Peer> peers = new ArrayList<>();
      if (raw.peers != null) {
        for (int i = 0; i < raw.peers.size(); i++) {
          NodeConfigFile.PeerEntry e = raw.peers.get(i);
          String key = "peers/" + i;
          require(e != null, key, "a peer with name, address and nodeKey");
          require(e.name != null && !e.name.isBlank(), key + "/name", "the peer's name");
          require(e.nodeKey != null, key + "/nodeKey", "the peer's node public key");
          peers.add(
              new NodeConfig.Peer(
                  e.name, address(e.address, key + "/address"), key(e.nodeKey, key + "/nodeKey")));
        }
      }
      EventLog.Level level = level(raw.logLevel);
      Behaviour behaviour =
          raw.behaviour == null
              ? Behaviour.HONEST
              : NodeConfigs.behaviour(raw.behaviour)
                  .orElseThrow(
                      () ->
                          fail(
                              "behaviour",
                              "one of "
                                  + java.util.Arrays.stream(Behaviour.values())
                                      .map(NodeConfigs::behaviourName)
                                      .toList()
                                  + ", got '"
                                  + raw.behaviour
                                  + "'"));
      Canary canary = raw.canary == null ? Canary.NONE : Canary.of(raw.canary);
      if (canary == null) {
        throw fail(
            "canary",
            "one of "
                + java.util.Arrays.stream(Canary.values()).map(Canary::key).toList()
                + ", got '"
                + raw.canary
                + "'");
      }
      long timeoutCommit = raw.timeoutCommitMicros == null ? 1_000_000 : raw.timeoutCommitMicros;
      Optional<PasswordSource> keyPassword = keyPassword(raw);
      require(timeoutCommit >= 0, "timeoutCommitMicros", "a duration ≥ 0");
      long rescueAfter = raw.rescueAfter == null ? 0 : rescueAfterMicros(raw.rescueAfter);
      return new NodeConfig(
          raw.name,
          path(raw.genesis),
          path(raw.nodeKey),
          Optional.ofNullable(raw.validatorKey).map(this::path),
          path(raw.dataDir == null ? "data" : raw.dataDir),
          path(raw.logFile == null ? "node.jsonl" : raw.logFile),
          level,
          address(raw.p2p, "p2p"),
          address(raw.rpc, "rpc"),
          peers,
          raw.clockOffsetMicros == null ? 0 : raw.clockOffsetMicros,
          behaviour,
          raw.byzantine == null ? List.of() : raw.byzantine,
          timeoutCommit,
          Boolean.TRUE.equals(raw.labControls),
          Optional.ofNullable(raw.supervisorPid),
          canary,
          keyPassword,
          path(raw.codeDir == null ? "code" : raw.codeDir),
          Boolean.TRUE.equals(raw.relay),
          rescueAfter);
    }

    /** The rescue bound; an error placed at the value's line and column. */
    private long rescueAfterMicros(String text) throws ConfigException {
      Optional<Long> micros = durationMicros(text);
      if (micros.isEmpty()) {
        throw new ConfigException(
            locations.error(
                "/rescueAfter", "expected a duration such as 2s, 500ms or 1m, got '" + text + "'"));
      }
      if (micros.get() < RESCUE_AFTER_MICROS_MIN || micros.get() > RESCUE_AFTER_MICROS_MAX) {
        throw new ConfigException(
            locations.error(
                "/rescueAfter",
                "expected a duration from "
                    + formatDuration(RESCUE_AFTER_MICROS_MIN)
                    + " to "
                    + formatDuration(RESCUE_AFTER_MICROS_MAX)
                    + " (leave the key out for no rescue), got '"
                    + text
                    + "'"));
      }
      return micros.get();
    }

    private Optional<PasswordSource> keyPassword(NodeConfigFile raw) throws ConfigException {
      if (raw.passwordFile != null && raw.passwordEnv != null) {
        throw fail("passwordFile, passwordEnv", "one of them, not both");
      }
      if (raw.passwordFile != null) {
        require(!raw.passwordFile.isBlank(), "passwordFile", "the password file's path");
        return Optional.of(new PasswordSource.File(path(raw.passwordFile)));
      }
      if (raw.passwordEnv != null) {
        try {
          return Optional.of(new PasswordSource.Env(raw.passwordEnv));
        } catch (IllegalArgumentException e) {
          throw fail("passwordEnv", e.getMessage());
        }
      }
      return Optional.empty();
    }

    private EventLog.Level level(String text) throws ConfigException {
      if (text == null) {
        return EventLog.Level.INFO;
      }
      try {
        return EventLog.Level.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw fail("logLevel", "debug, info, warn or error, got '" + text + "'");
      }
    }

    private Path path(String text) {
      return base.resolve(text).normalize();
    }

    private InetSocketAddress address(String text, String key) throws ConfigException {
      return NodeConfigs.address(text)
          .orElseThrow(() -> fail(key, "host:port such as 127.0.0.1:26656, got '" + text + "'"));
    }

    private PublicKey key(String hex, String key) throws ConfigException {
      try {
        return PublicKey.fromHex(hex);
      } catch (IllegalArgumentException e) {
        throw fail(key, "64 hex characters (an Ed25519 public key), got '" + hex + "'");
      }
    }

    private void require(boolean ok, String key, String expected) throws ConfigException {
      if (!ok) {
        throw fail(key, expected);
      }
    }

    private ConfigException fail(String key, String expected) {
      return new ConfigException(file + ": " + key + ": expected " + expected);
    }
  }
}
