package io.ledgerlab.lab.engine;

import java.nio.file.Path;

/**
 * Where everything of one run lives. A run directory is self-contained: it can be inspected,
 * archived, or handed to {@code ledgerlab logs} and {@code ledgerlab report} after the run.
 */
public record RunLayout(Path root) {
  public RunLayout {
    root = root.toAbsolutePath().normalize();
  }

  public Path manifest() {
    return root.resolve("manifest.yaml");
  }

  public Path genesis() {
    return root.resolve("genesis.yaml");
  }

  /**
   * Where a user chain-code jar is copied for the run: beside the genesis, which names it by this
   * relative path, so every engine finds it (containers mount the run directory at its own path).
   */
  public Path chainCodeJar(String name, int version) {
    return root().resolve("chaincode").resolve(name + "-" + version + ".jar");
  }

  /**
   * The addresses of the run's accounts, one per line, for a target whose accounts live elsewhere
   * (Ethereum's mnemonic or keystore). The reference chain's keys are in {@link
   * #accountsKeystore()}.
   */
  public Path accounts() {
    return root.resolve("accounts.keys");
  }

  /**
   * The reference chain's funded accounts: one keystore holding every account's seed, under the
   * run's password.
   */
  public Path accountsKeystore() {
    return root.resolve("accounts.keystore.json");
  }

  /**
   * The password of every keystore of the run: 256 random bits in hex, in a file only its owner
   * reads. It is the one file of the run that holds it; node configs name it as passwordFile.
   */
  public Path keyPassword() {
    return root.resolve("keys.password");
  }

  public Path nodeDir(String node) {
    return root.resolve("nodes").resolve(node);
  }

  public Path nodeConfig(String node) {
    return nodeDir(node).resolve("config.yaml");
  }

  /** The node's peer-to-peer key, a keystore under {@link #keyPassword()}. */
  public Path nodeKey(String node) {
    return nodeDir(node).resolve("node.keystore.json");
  }

  /** The node's validator key, a keystore under {@link #keyPassword()}. */
  public Path validatorKey(String node) {
    return nodeDir(node).resolve("validator.keystore.json");
  }

  public Path data(String node) {
    return nodeDir(node).resolve("data");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  /** The node's structured JSON-lines log. */
  public Path log(String node) {
    return logs().resolve(node + ".jsonl");
  }

  /** The node process's raw standard output and error. */
  public Path out(String node) {
    return logs().resolve(node + ".out");
  }

  /** The supervisor's state: its PID, control endpoint, and every node's PID and endpoints. */
  public Path supervisorState() {
    return root.resolve("supervisor.json");
  }

  /** The lab's own structured log during {@code ledgerlab run}: faults, node exits, phases. */
  public Path labLog() {
    return logs().resolve("lab.jsonl");
  }

  /** A file whose presence marks a run that was interrupted before it finished. */
  public Path interruptedMark() {
    return root.resolve("INTERRUPTED");
  }

  public Path supervisorLog() {
    return logs().resolve("supervisor.jsonl");
  }

  public Path supervisorOut() {
    return logs().resolve("supervisor.out");
  }
}
