package io.ledgerlab.ledger.genesis;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The genesis document as written in YAML or JSON, before validation. Every field mirrors a key of
 * the file; {@link GenesisParser} turns it into a {@link Genesis}.
 */
final class GenesisFile {
  /** Required. The chain's name; every transaction must carry it. */
  @JsonProperty(required = true)
  public String chainId;

  /** The genesis time, ISO-8601 UTC such as {@code 2026-01-01T00:00:00Z}. Default: the epoch. */
  @JsonProperty public String genesisTime;

  /** Required, at least one. */
  @JsonProperty(required = true)
  public List<ValidatorEntry> validators;

  /** Initial native token balances. Default: none. */
  @JsonProperty public List<AccountEntry> accounts;

  /** Chain codes in force and their versions. Default: token and kv at version 1. */
  @JsonProperty public List<ChainCodeEntry> chainCodes;

  /** Chain-code upgrades scheduled at heights. Default: none. */
  @JsonProperty public List<UpgradeEntry> upgrades;

  /** Limits. Default: {@link Genesis.ChainParams#DEFAULT}. */
  @JsonProperty public ParamsEntry params;

  /**
   * Who governs chain-code upgrades: {@code threshold} of the {@code keys} must approve a proposal.
   * Default: none, and every governance transaction is refused.
   */
  @JsonProperty public OperatorsEntry operators;

  static final class OperatorsEntry {
    /** Required: how many operators must approve (M of N), in [1, N]. */
    @JsonProperty(required = true)
    public Integer threshold;

    /** Required: the operators, at least one. */
    @JsonProperty(required = true)
    public List<OperatorEntry> keys;
  }

  static final class OperatorEntry {
    /** Required: a name for people and logs. */
    @JsonProperty(required = true)
    public String name;

    /** Required: the operator's Ed25519 public key, 64 hex characters. */
    @JsonProperty(required = true)
    public String publicKey;
  }

  /**
   * The rest of an exported state, when this chain starts from another chain's state at a height
   * ({@code ledgerlab state export}). Default: none, a fresh chain.
   */
  @JsonProperty public StateEntry state;

  static final class ValidatorEntry {
    /** Required: a name for people and logs, such as {@code n0}. */
    @JsonProperty(required = true)
    public String name;

    /** Required: the Ed25519 public key, 64 hex characters. */
    @JsonProperty(required = true)
    public String publicKey;

    /** Voting power. Default: 1. */
    @JsonProperty public Long power;
  }

  static final class AccountEntry {
    /** The 40-hex-character address; give this or {@code publicKey}. */
    @JsonProperty public String address;

    /** The account's public key, from which the address is derived. */
    @JsonProperty public String publicKey;

    /** Required: the balance minted to this account at genesis. */
    @JsonProperty(required = true)
    public Long balance;

    /** The nonce its next transaction must carry; only with a {@code state} section. Default: 0. */
    @JsonProperty public Long nonce;
  }

  static final class ChainCodeEntry {
    @JsonProperty(required = true)
    public String name;

    /** Default: 1. */
    @JsonProperty public Integer version;

    /** A user chain-code jar, relative to this file; built-ins have none. */
    @JsonProperty public String jar;

    /** Required with {@code jar}: its SHA-256, in lower-case hex. */
    @JsonProperty public String sha256;
  }

  static final class UpgradeEntry {
    /** Required: the chain code to upgrade. */
    @JsonProperty(required = true)
    public String chainCode;

    /** Required: the version in force from {@code height} on. */
    @JsonProperty(required = true)
    public Integer version;

    /** Required: the first block that runs the new version. */
    @JsonProperty(required = true)
    public Long height;

    /** The jar of the new version, relative to this file; none for a built-in. */
    @JsonProperty public String jar;

    /** Required with {@code jar}: its SHA-256, in lower-case hex. */
    @JsonProperty public String sha256;
  }

  static final class StateEntry {
    /** Required: the chain the state was exported from. */
    @JsonProperty(required = true)
    public String fromChainId;

    /** Required: the height of that chain whose state this is. */
    @JsonProperty(required = true)
    public Long fromHeight;

    /** Required: the hash of the block at that height, 64 hex characters. */
    @JsonProperty(required = true)
    public String fromBlockHash;

    /**
     * Required: the state root at that height, 64 hex characters. The genesis state (accounts,
     * chain codes, upgrades and data) must rebuild to exactly this root.
     */
    @JsonProperty(required = true)
    public String root;

    /** Every key of every chain code's own space. Default: none. */
    @JsonProperty public List<DataEntry> data;

    /**
     * Keys of spaces this version does not know (a later version's records), as hex. Default: none.
     */
    @JsonProperty public List<RawEntry> raw;
  }

  /** A state key and its value, byte for byte. */
  static final class RawEntry {
    /** Required: the whole state key, as hex. */
    @JsonProperty(required = true)
    public String keyHex;

    /** Required: its value, as hex. */
    @JsonProperty(required = true)
    public String valueHex;
  }

  /** One key and value of a chain code's space; each given as text or as hex, never both. */
  static final class DataEntry {
    /** Required: the chain code whose space holds the key. */
    @JsonProperty(required = true)
    public String chainCode;

    /** The key as text: a letter, then letters, digits, '_', '.', '/', '-'. */
    @JsonProperty public String key;

    /** The key as hex, for any bytes. */
    @JsonProperty public String keyHex;

    /** The value as text, under the same rule as {@code key}. */
    @JsonProperty public String value;

    /** The value as hex, for any bytes. */
    @JsonProperty public String valueHex;
  }

  static final class ParamsEntry {
    @JsonProperty public Integer txBytesMax;
    @JsonProperty public Integer blockTransactionsMax;
    @JsonProperty public Long blockBytesMax;
  }
}
