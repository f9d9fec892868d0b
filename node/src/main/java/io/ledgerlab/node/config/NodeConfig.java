package io.ledgerlab.node.config;

import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.node.keys.PasswordSource;
import io.ledgerlab.runtime.log.EventLog;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated configuration of one node process: who it is, where it listens, whom it dials and
 * where it keeps its data. Paths are absolute (resolved against the config file's directory).
 *
 * @param validatorKey the validator signing key file, or empty for a follower
 * @param clockOffsetMicros added to the system clock, to skew this node's clock on purpose
 * @param byzantine the nodes of the Byzantine coalition this node belongs to (empty when honest)
 * @param supervisorPid the process that owns this node; the node exits when it is gone
 * @param canary deliberately broken software for checking the lab's checks, or NONE
 * @param keyPassword where the password of keystore key files is; empty for plain hex key files
 * @param codeDir where the node finds chain-code jars that governance installs after genesis
 * @param relay whether the node relays the proposals and votes of its height to its other peers
 * @param rescueAfterMicros mempool transactions waiting longer than this are gossiped again; 0 for
 *     never
 */
public record NodeConfig(
    String name,
    Path genesis,
    Path nodeKey,
    Optional<Path> validatorKey,
    Path dataDir,
    Path logFile,
    EventLog.Level logLevel,
    InetSocketAddress p2p,
    InetSocketAddress rpc,
    List<Peer> peers,
    long clockOffsetMicros,
    Behaviour behaviour,
    List<String> byzantine,
    long timeoutCommitMicros,
    boolean labControls,
    Optional<Long> supervisorPid,
    Canary canary,
    Optional<PasswordSource> keyPassword,
    Path codeDir,
    boolean relay,
    long rescueAfterMicros) {
  public NodeConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(keyPassword, "keyPassword");
    Objects.requireNonNull(codeDir, "codeDir");
    peers = List.copyOf(peers);
    byzantine = List.copyOf(byzantine);
    if (rescueAfterMicros < 0) {
      throw new IllegalArgumentException(
          "rescueAfterMicros must be >= 0 (0 for off), got " + rescueAfterMicros);
    }
  }

  /** A node that neither relays nor rescues. */
  public NodeConfig(
      String name,
      Path genesis,
      Path nodeKey,
      Optional<Path> validatorKey,
      Path dataDir,
      Path logFile,
      EventLog.Level logLevel,
      InetSocketAddress p2p,
      InetSocketAddress rpc,
      List<Peer> peers,
      long clockOffsetMicros,
      Behaviour behaviour,
      List<String> byzantine,
      long timeoutCommitMicros,
      boolean labControls,
      Optional<Long> supervisorPid,
      Canary canary,
      Optional<PasswordSource> keyPassword,
      Path codeDir) {
    this(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        peers,
        clockOffsetMicros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        canary,
        keyPassword,
        codeDir,
        false,
        0);
  }

  /**
   * A node with plain hex key files, whose code directory is {@code code} beside its data
   * directory.
   */
  public NodeConfig(
      String name,
      Path genesis,
      Path nodeKey,
      Optional<Path> validatorKey,
      Path dataDir,
      Path logFile,
      EventLog.Level logLevel,
      InetSocketAddress p2p,
      InetSocketAddress rpc,
      List<Peer> peers,
      long clockOffsetMicros,
      Behaviour behaviour,
      List<String> byzantine,
      long timeoutCommitMicros,
      boolean labControls,
      Optional<Long> supervisorPid,
      Canary canary) {
    this(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        peers,
        clockOffsetMicros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        canary,
        Optional.empty(),
        dataDir.resolveSibling("code"));
  }

  /** A node running the real software (no canary). */
  public NodeConfig(
      String name,
      Path genesis,
      Path nodeKey,
      Optional<Path> validatorKey,
      Path dataDir,
      Path logFile,
      EventLog.Level logLevel,
      InetSocketAddress p2p,
      InetSocketAddress rpc,
      List<Peer> peers,
      long clockOffsetMicros,
      Behaviour behaviour,
      List<String> byzantine,
      long timeoutCommitMicros,
      boolean labControls,
      Optional<Long> supervisorPid) {
    this(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        peers,
        clockOffsetMicros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        Canary.NONE);
  }

  /** The same node with another clock offset. */
  public NodeConfig withClockOffsetMicros(long micros) {
    return new NodeConfig(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        peers,
        micros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        canary,
        keyPassword,
        codeDir,
        relay,
        rescueAfterMicros);
  }

  /** The same node with its keystores opened by the password from {@code source}. */
  public NodeConfig withKeyPassword(PasswordSource source) {
    return new NodeConfig(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        peers,
        clockOffsetMicros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        canary,
        Optional.of(source),
        codeDir,
        relay,
        rescueAfterMicros);
  }

  /** The same node with another code directory. */
  public NodeConfig withCodeDir(Path dir) {
    return new NodeConfig(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        peers,
        clockOffsetMicros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        canary,
        keyPassword,
        dir,
        relay,
        rescueAfterMicros);
  }

  /** The same node, dialing {@code others}. */
  public NodeConfig withPeers(List<Peer> others) {
    return new NodeConfig(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        others,
        clockOffsetMicros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        canary,
        keyPassword,
        codeDir,
        relay,
        rescueAfterMicros);
  }

  /** The same node, relaying proposals and votes or not. */
  public NodeConfig withRelay(boolean on) {
    return new NodeConfig(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        peers,
        clockOffsetMicros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        canary,
        keyPassword,
        codeDir,
        on,
        rescueAfterMicros);
  }

  /** The same node, rescuing transactions that waited longer than {@code micros} (0: off). */
  public NodeConfig withRescueAfterMicros(long micros) {
    return new NodeConfig(
        name,
        genesis,
        nodeKey,
        validatorKey,
        dataDir,
        logFile,
        logLevel,
        p2p,
        rpc,
        peers,
        clockOffsetMicros,
        behaviour,
        byzantine,
        timeoutCommitMicros,
        labControls,
        supervisorPid,
        canary,
        keyPassword,
        codeDir,
        relay,
        micros);
  }

  /**
   * A peer this node dials.
   *
   * @param address where to dial it; under the process engine, the lab's fault proxy for this link
   * @param nodeKey the public key the peer must prove it holds during the handshake
   */
  public record Peer(String name, InetSocketAddress address, PublicKey nodeKey) {}
}
