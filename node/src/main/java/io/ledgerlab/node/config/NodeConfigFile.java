package io.ledgerlab.node.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A node configuration as written in YAML, before validation. Each field mirrors a key of the file;
 * relative paths are relative to the file's directory.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class NodeConfigFile {
  /** Required: the node's name in logs and peers' configs, such as {@code n0}. */
  @JsonProperty(required = true)
  public String name;

  /** Required: the genesis file. */
  @JsonProperty(required = true)
  public String genesis;

  /**
   * Required: the node (peer-to-peer identity) key file: a keystore (EIP-2335 JSON, role node) or a
   * 64-hex-character Ed25519 seed.
   */
  @JsonProperty(required = true)
  public String nodeKey;

  /**
   * The validator key file, a keystore (role validator) or a hex seed; absent for a follower that
   * does not vote.
   */
  @JsonProperty public String validatorKey;

  /**
   * The file holding the password of the keystores {@code nodeKey} and {@code validatorKey} name.
   * Not with {@code passwordEnv}. Default: none (plain hex key files).
   */
  @JsonProperty public String passwordFile;

  /** The environment variable holding that password, by name. Not with {@code passwordFile}. */
  @JsonProperty public String passwordEnv;

  /** Where RocksDB keeps the chain. Default: {@code data}. */
  @JsonProperty public String dataDir;

  /**
   * Where chain-code jars installed by governance after genesis are found: every {@code *.jar} in
   * it, keyed by its SHA-256, looked at again every second while the node waits for one. Default:
   * {@code code}.
   */
  @JsonProperty public String codeDir;

  /** The JSON-lines log file. Default: {@code node.jsonl}. */
  @JsonProperty public String logFile;

  /** The lowest level written: debug, info, warn or error. Default: info. */
  @JsonProperty public String logLevel;

  /** Required: the peer-to-peer listen address, {@code host:port}. */
  @JsonProperty(required = true)
  public String p2p;

  /** Required: the JSON-RPC and metrics listen address, {@code host:port}. */
  @JsonProperty(required = true)
  public String rpc;

  /** The peers to dial. Default: none. */
  @JsonProperty public List<PeerEntry> peers;

  /** Added to the system clock, in microseconds. Default: 0. */
  @JsonProperty public Long clockOffsetMicros;

  /** A Byzantine behaviour for tests, such as {@code double-vote}. Default: honest. */
  @JsonProperty public String behaviour;

  /**
   * Deliberately broken software, to check the lab's checks: {@code half-quorum}, {@code crash},
   * {@code mint}... (see docs/checks.md). Default: none.
   */
  @JsonProperty public String canary;

  /** The Byzantine coalition this node belongs to, by name. Default: none. */
  @JsonProperty public List<String> byzantine;

  /** The pause after a commit before the next height, in microseconds. Default: 1 s. */
  @JsonProperty public Long timeoutCommitMicros;

  /** Whether the lab's control methods (clock offset) are served over RPC. Default: false. */
  @JsonProperty public Boolean labControls;

  /** The supervisor's PID; the node exits when that process is gone. Default: none. */
  @JsonProperty public Long supervisorPid;

  /**
   * Whether the node passes on the proposals and votes of its height it has not seen before to its
   * other peers, once each, so validators without a direct link still form quorums. Default: false.
   */
  @JsonProperty public Boolean relay;

  /**
   * A duration such as {@code 2s} or {@code 500ms}: a transaction waiting in the mempool longer
   * than this is gossiped again, at most once per this long. Default: absent, never.
   */
  @JsonProperty public String rescueAfter;

  static final class PeerEntry {
    @JsonProperty(required = true)
    public String name;

    /** Required: where to dial the peer, {@code host:port}. */
    @JsonProperty(required = true)
    public String address;

    /** Required: the peer's node public key, 64 hex characters. */
    @JsonProperty(required = true)
    public String nodeKey;
  }
}
