package io.ledgerlab.ledger.genesis;

import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The validated starting point of a chain: who validates, who owns what, which chain codes run at
 * which version, and the chain's limits. Its hash is the previous hash of block 1, so nodes with
 * different genesis files never agree on a block.
 *
 * @param snapshot the rest of an exported state when this chain continues another's ({@code
 *     ledgerlab state export}), or null for a fresh chain
 */
public record Genesis(
    String chainId,
    long genesisTimeMicros,
    List<Validator> validators,
    SortedMap<Address, Long> balances,
    SortedMap<String, Integer> chainCodes,
    List<ScheduledUpgrade> upgrades,
    ChainParams params,
    List<CodeJar> jars,
    Operators operators,
    Snapshot snapshot) {

  /** The most operators a chain can have: approvals are kept as one bit per operator. */
  public static final int OPERATORS_MAX = 64;

  /** Marks the exported state in the hashed encoding: 'S', which no jar count begins with. */
  private static final int SNAPSHOT_TAG = 'S';

  public Genesis {
    Objects.requireNonNull(chainId, "chainId");
    validators = List.copyOf(validators);
    balances = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(balances));
    chainCodes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(chainCodes));
    upgrades = List.copyOf(upgrades);
    Objects.requireNonNull(params, "params");
    jars = List.copyOf(jars);
    Objects.requireNonNull(operators, "operators");
    if (snapshot != null && !balances.keySet().containsAll(snapshot.nonces().keySet())) {
      throw new IllegalArgumentException("every account with a nonce needs a balance entry");
    }
  }

  /** A fresh chain with operators: no exported state. */
  public Genesis(
      String chainId,
      long genesisTimeMicros,
      List<Validator> validators,
      SortedMap<Address, Long> balances,
      SortedMap<String, Integer> chainCodes,
      List<ScheduledUpgrade> upgrades,
      ChainParams params,
      List<CodeJar> jars,
      Operators operators) {
    this(
        chainId,
        genesisTimeMicros,
        validators,
        balances,
        chainCodes,
        upgrades,
        params,
        jars,
        operators,
        (Snapshot) null);
  }

  /** A genesis without operators: no governance transaction can pass on its chain. */
  public Genesis(
      String chainId,
      long genesisTimeMicros,
      List<Validator> validators,
      SortedMap<Address, Long> balances,
      SortedMap<String, Integer> chainCodes,
      List<ScheduledUpgrade> upgrades,
      ChainParams params,
      List<CodeJar> jars) {
    this(
        chainId,
        genesisTimeMicros,
        validators,
        balances,
        chainCodes,
        upgrades,
        params,
        jars,
        Operators.NONE,
        (Snapshot) null);
  }

  /** A genesis whose chain codes are all built into the node. */
  public Genesis(
      String chainId,
      long genesisTimeMicros,
      List<Validator> validators,
      SortedMap<Address, Long> balances,
      SortedMap<String, Integer> chainCodes,
      List<ScheduledUpgrade> upgrades,
      ChainParams params) {
    this(chainId, genesisTimeMicros, validators, balances, chainCodes, upgrades, params, List.of());
  }

  /**
   * A user chain-code jar the chain runs: at genesis (listed with its chain code) or from a
   * scheduled upgrade. Its SHA-256 is part of the genesis hash, so nodes given different code never
   * agree on a block; its path is where this node finds it, relative to the genesis file.
   */
  public record CodeJar(String name, int version, String jar, String sha256) {
    public static final java.util.regex.Pattern SHA256 =
        java.util.regex.Pattern.compile("[0-9a-f]{64}");

    public CodeJar {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(jar, "jar");
      if (version < 1 || !SHA256.matcher(sha256).matches()) {
        throw new IllegalArgumentException(
            "a chain-code jar needs a version >= 1 and a lower-case hex SHA-256");
      }
    }
  }

  /**
   * The operators who govern the chain: any {@code threshold} of them together can schedule a
   * chain-code upgrade (M-of-N). A chain without operators has {@link #NONE}.
   */
  public record Operators(int threshold, List<Operator> keys) {
    public static final Operators NONE = new Operators(0, List.of());

    public Operators {
      keys = List.copyOf(keys);
      if (keys.isEmpty() ? threshold != 0 : threshold < 1 || threshold > keys.size()) {
        throw new IllegalArgumentException(
            "operator threshold must be in [1, " + keys.size() + "], got " + threshold);
      }
      if (keys.size() > OPERATORS_MAX) {
        throw new IllegalArgumentException(
            "at most " + OPERATORS_MAX + " operators, got " + keys.size());
      }
      if (keys.stream().map(Operator::publicKey).distinct().count() != keys.size()) {
        throw new IllegalArgumentException("operator keys must be unique");
      }
    }

    public boolean isEmpty() {
      return keys.isEmpty();
    }

    /** The index of the operator whose key is {@code key}, or -1 when it is none of theirs. */
    public int indexOf(PublicKey key) {
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i).publicKey().equals(key)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** One operator: a name for people and the key that signs its governance transactions. */
  public record Operator(String name, PublicKey publicKey) {
    public Operator {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(publicKey, "publicKey");
    }
  }

  /** A validator: a name for people, the key that signs its votes, and its voting power. */
  public record Validator(String name, PublicKey publicKey, long power) {
    public Address address() {
      return publicKey.address();
    }
  }

  /** A chain code switching to {@code version} at the start of block {@code height}. */
  public record ScheduledUpgrade(String chainCode, int version, long height) {
    public ScheduledUpgrade {
      if (version < 1 || height < 1) {
        throw new IllegalArgumentException("upgrade version and height must be >= 1");
      }
    }
  }

  /**
   * What a genesis holds beyond a fresh chain's when it starts from another chain's state at a
   * height: where the state came from, its root (which the genesis state must rebuild to), each
   * account's nonce, and every key of every chain code's own space. The accounts' balances, the
   * versions in force and the pending upgrades are in the genesis's own fields; the token's
   * recorded supply is one of the chain-code entries, not derived from the balances.
   *
   * @param nonces the accounts whose nonce is not 0
   * @param raw keys of spaces this version does not know (a later version's records), kept byte for
   *     byte so that an export is exact whatever the state holds
   */
  public record Snapshot(
      String fromChainId,
      long fromHeight,
      Hash fromBlockHash,
      Hash stateRoot,
      SortedMap<Address, Long> nonces,
      List<DataEntry> data,
      List<RawEntry> raw) {
    public Snapshot {
      Objects.requireNonNull(fromChainId, "fromChainId");
      Objects.requireNonNull(fromBlockHash, "fromBlockHash");
      Objects.requireNonNull(stateRoot, "stateRoot");
      if (fromHeight < 0) {
        throw new IllegalArgumentException("fromHeight must be >= 0, got " + fromHeight);
      }
      nonces = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(nonces));
      for (long n : nonces.values()) {
        if (n < 0) {
          throw new IllegalArgumentException("nonces must be >= 0, got " + n);
        }
      }
      data = List.copyOf(data);
      raw = List.copyOf(raw);
    }
  }

  /** A state key of a space this version does not know, and its value, byte for byte. */
  public record RawEntry(Bytes key, Bytes value) {
    public RawEntry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Key {@code key} of chain code {@code chainCode}'s own space holds {@code value}. */
  public record DataEntry(String chainCode, Bytes key, Bytes value) {
    public DataEntry {
      Objects.requireNonNull(chainCode, "chainCode");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** The nonce {@code account} starts with: 0 on a fresh chain. */
  public long nonce(Address account) {
    return snapshot == null ? 0 : snapshot.nonces().getOrDefault(account, 0L);
  }

  /** Limits every node enforces identically. */
  public record ChainParams(int txBytesMax, int blockTransactionsMax, long blockBytesMax) {
    public static final ChainParams DEFAULT = new ChainParams(32 * 1024, 5_000, 8L * 1024 * 1024);

    public ChainParams {
      if (txBytesMax < 200 || txBytesMax > Transaction.ENCODED_BYTES_MAX) {
        throw new IllegalArgumentException(
            "txBytesMax must be in [200, "
                + Transaction.ENCODED_BYTES_MAX
                + "], got "
                + txBytesMax);
      }
      if (blockTransactionsMax < 1
          || blockTransactionsMax > io.ledgerlab.ledger.block.Block.TRANSACTIONS_MAX) {
        throw new IllegalArgumentException(
            "blockTransactionsMax out of range: " + blockTransactionsMax);
      }
      if (blockBytesMax < txBytesMax) {
        throw new IllegalArgumentException("blockBytesMax must be at least txBytesMax");
      }
    }
  }

  public long totalSupply() {
    long total = 0;
    for (long b : balances.values()) {
      total = Math.addExact(total, b);
    }
    return total;
  }

  public long totalPower() {
    long total = 0;
    for (Validator v : validators) {
      total = Math.addExact(total, v.power());
    }
    return total;
  }

  /** SHA-256 over the canonical encoding of every field. */
  public Hash hash() {
    Encoder out = new Encoder(256);
    out.u8(TypeTag.GENESIS)
        .u8(1)
        .string(chainId, Transaction.CHAIN_ID_BYTES_MAX)
        .u64(genesisTimeMicros);
    out.u32(validators.size());
    for (Validator v : validators) {
      out.string(v.name(), 64).fixed(v.publicKey().bytes()).u64(v.power());
    }
    out.u32(balances.size());
    for (Map.Entry<Address, Long> e : balances.entrySet()) {
      out.fixed(e.getKey().bytes()).u64(e.getValue());
    }
    out.u32(chainCodes.size());
    for (Map.Entry<String, Integer> e : chainCodes.entrySet()) {
      out.string(e.getKey(), 64).u32(e.getValue());
    }
    out.u32(upgrades.size());
    for (ScheduledUpgrade u : upgrades) {
      out.string(u.chainCode(), 64).u32(u.version()).u64(u.height());
    }
    out.u32(params.txBytesMax()).u32(params.blockTransactionsMax()).u64(params.blockBytesMax());
    // Only when there are jars (or operators, which follow them), so the hash of a chain of
    // built-ins, or of one with jars and no operators, stays what it was.
    if (!jars.isEmpty() || !operators.isEmpty()) {
      out.u32(jars.size());
      for (CodeJar j : jars) {
        out.string(j.name(), 64).u32(j.version()).fixed(Hex.decode(j.sha256()));
      }
    }
    if (!operators.isEmpty()) {
      out.u32(operators.threshold()).u32(operators.keys().size());
      for (Operator o : operators.keys()) {
        out.string(o.name(), 64).fixed(o.publicKey().bytes());
      }
    }
    // Only for an exported state, after a tag no jar count starts with, for the same reason.
    if (snapshot != null) {
      out.u8(SNAPSHOT_TAG)
          .string(snapshot.fromChainId(), Transaction.CHAIN_ID_BYTES_MAX)
          .u64(snapshot.fromHeight())
          .hash(snapshot.fromBlockHash())
          .hash(snapshot.stateRoot());
      out.u32(snapshot.nonces().size());
      snapshot.nonces().forEach((a, n) -> out.fixed(a.bytes()).u64(n));
      out.u32(snapshot.data().size());
      for (DataEntry d : snapshot.data()) {
        out.string(d.chainCode(), 64)
            .bytes(d.key().unsafeArray(), Integer.MAX_VALUE)
            .bytes(d.value().unsafeArray(), Integer.MAX_VALUE);
      }
      out.u32(snapshot.raw().size());
      for (RawEntry r : snapshot.raw()) {
        out.bytes(r.key().unsafeArray(), Integer.MAX_VALUE)
            .bytes(r.value().unsafeArray(), Integer.MAX_VALUE);
      }
    }
    return Sha256.hash(out.toByteArray());
  }
}
