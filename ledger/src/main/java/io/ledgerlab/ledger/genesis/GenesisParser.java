package io.ledgerlab.ledger.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.exec.GenesisState;
import io.ledgerlab.ledger.genesis.Genesis.ChainParams;
import io.ledgerlab.ledger.genesis.Genesis.Validator;
import io.ledgerlab.ledger.state.StateKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a genesis document (YAML, or JSON, which is YAML too) and validates every field. Errors
 * name the source, line and column, the key, and what was expected.
 */
public final class GenesisParser {
  /** The chain codes every node carries built in; a genesis cannot give them a jar. */
  private static final Set<String> BUILT_INS = Set.of("token", "kv");

  private static final Pattern CHAIN_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");
  private static final long POWER_TOTAL_MAX = 1L << 60;

  /**
   * Chain-code keys and values written as text: what no YAML reader turns into a number, a boolean
   * or null when unquoted, and what every writer quotes when it could (true, null, yes).
   */
  public static final Pattern DATA_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]{0,255}");

  /** Bounds of a raw state entry: far above any record a version writes, far below a heap. */
  private static final int RAW_KEY_BYTES_MAX = 1024;

  private static final int RAW_VALUE_BYTES_MAX = 1024 * 1024;

  private final YAMLFactory yaml = new YAMLFactory();
  private final ObjectMapper mapper =
      new ObjectMapper(yaml)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  /** Parses {@code text}; {@code source} names it in errors, such as a file name. */
  public Genesis parse(String source, String text) throws GenesisException {
    try {
      SourceText.check(source, text);
    } catch (SourceText.Rejected e) {
      throw new GenesisException(e.getMessage(), e);
    }
    SourceLocations where = SourceLocations.index(yaml, source, text);
    GenesisFile file = bind(source, text, where);
    return new Validation(where).genesis(file);
  }

  private GenesisFile bind(String source, String text, SourceLocations where)
      throws GenesisException {
    try {
      GenesisFile file = mapper.readValue(text, GenesisFile.class);
      if (file == null) {
        throw new GenesisException(source + ": the document is empty");
      }
      return file;
    } catch (UnrecognizedPropertyException e) {
      throw new GenesisException(
          where.error(
              SourceLocations.pointer(e),
              "unknown key '"
                  + e.getPropertyName()
                  + "'; expected one of "
                  + e.getKnownPropertyIds()),
          e);
    } catch (JsonProcessingException e) {
      throw new GenesisException(message(source, text, where, e), e);
    }
  }

  private String message(
      String source, String text, SourceLocations where, JsonProcessingException e) {
    Optional<String> syntax = YamlErrors.syntax(source, text, e);
    if (syntax.isPresent()) {
      return syntax.get();
    }
    JsonMappingException m = (JsonMappingException) e;
    String pointer = SourceLocations.pointer(m);
    String problem = YamlErrors.problem(m, text, mapper);
    return pointer.isEmpty()
        ? SourceLocations.at(source, e.getLocation()) + ": " + problem
        : where.error(pointer, problem);
  }

  /** The semantic checks, each naming the offending key by its place in the document. */
  private static final class Validation {
    private final SourceLocations where;

    Validation(SourceLocations where) {
      this.where = where;
    }

    Genesis genesis(GenesisFile f) throws GenesisException {
      require(
          CHAIN_ID.matcher(f.chainId).matches(),
          "/chainId",
          "expected 1-64 letters, digits, '_', '.', '-', got '" + f.chainId + "'");
      long time = time(f.genesisTime);
      List<Validator> validators = validators(f.validators);
      SortedMap<Address, Long> balances = accounts(f.accounts);
      SortedMap<String, Integer> chainCodes = chainCodes(f.chainCodes);
      List<Genesis.ScheduledUpgrade> upgrades = upgrades(f.upgrades, chainCodes);
      ChainParams params = params(f.params);
      List<Genesis.CodeJar> jars = jars(f);
      Genesis.Operators operators = operators(f.operators);
      Genesis.Snapshot snapshot = snapshot(f.state, nonces(f.accounts, f.state != null));
      Genesis genesis =
          new Genesis(
              f.chainId,
              time,
              validators,
              balances,
              chainCodes,
              upgrades,
              params,
              jars,
              operators,
              snapshot);
      if (snapshot != null) {
        Hash rebuilt = GenesisState.root(genesis);
        require(
            rebuilt.equals(snapshot.stateRoot()),
            "/state/root",
            "the state this file describes has root "
                + rebuilt.hex()
                + ", not the "
                + snapshot.stateRoot().hex()
                + " written here: an entry was changed, added or removed since the export"
                + " (write "
                + rebuilt.hex()
                + " here only if that was meant)");
      }
      return genesis;
    }

    /** The operator set: unique names and keys, and a threshold M in [1, N]. */
    private Genesis.Operators operators(GenesisFile.OperatorsEntry e) throws GenesisException {
      if (e == null) {
        return Genesis.Operators.NONE;
      }
      require(
          e.keys != null && !e.keys.isEmpty(),
          "/operators/keys",
          "expected at least one operator with name and publicKey");
      require(
          e.keys.size() <= Genesis.OPERATORS_MAX,
          "/operators/keys",
          "expected at most " + Genesis.OPERATORS_MAX + " operators, got " + e.keys.size());
      List<Genesis.Operator> out = new ArrayList<>();
      Set<String> names = new HashSet<>();
      Set<PublicKey> keys = new HashSet<>();
      for (int i = 0; i < e.keys.size(); i++) {
        GenesisFile.OperatorEntry o = e.keys.get(i);
        String p = "/operators/keys/" + i;
        require(o != null, p, "expected an operator with name and publicKey");
        require(
            o.name != null && NAME.matcher(o.name).matches(),
            p + "/name",
            "expected 1-64 letters, digits, '_', '.', '-', got '" + o.name + "'");
        require(names.add(o.name), p + "/name", "duplicate operator name '" + o.name + "'");
        PublicKey key = publicKey(o.publicKey, p + "/publicKey");
        require(keys.add(key), p + "/publicKey", "duplicate operator key");
        out.add(new Genesis.Operator(o.name, key));
      }
      require(
          e.threshold != null,
          "/operators",
          "expected a threshold: how many of the " + out.size() + " operators must approve");
      require(
          e.threshold >= 1 && e.threshold <= out.size(),
          "/operators/threshold",
          "expected a threshold in [1, " + out.size() + "] (M of N operators), got " + e.threshold);
      return new Genesis.Operators(e.threshold, out);
    }

    /**
     * The accounts' nonces, which only an exported state may give: a fresh chain's accounts all
     * start at 0.
     */
    private SortedMap<Address, Long> nonces(
        List<GenesisFile.AccountEntry> entries, boolean exported) throws GenesisException {
      SortedMap<Address, Long> out = new TreeMap<>();
      for (int i = 0; entries != null && i < entries.size(); i++) {
        GenesisFile.AccountEntry e = entries.get(i);
        if (e.nonce == null) {
          continue;
        }
        String p = "/accounts/" + i + "/nonce";
        require(
            exported,
            p,
            "no nonce here: a new chain's accounts start at nonce 0; only a genesis with a state"
                + " section (an exported state) carries nonces");
        require(e.nonce >= 0, p, "expected a nonce >= 0, got " + e.nonce);
        Address address =
            e.address != null ? Address.fromHex(strip0x(e.address)) : publicKeyOf(e).address();
        if (e.nonce > 0) {
          out.put(address, e.nonce);
        }
      }
      return out;
    }

    /** The exported state's own section: where it came from, its root, its chain-code data. */
    private Genesis.Snapshot snapshot(GenesisFile.StateEntry e, SortedMap<Address, Long> nonces)
        throws GenesisException {
      if (e == null) {
        return null;
      }
      require(
          e.fromChainId != null && CHAIN_ID.matcher(e.fromChainId).matches(),
          "/state/fromChainId",
          "expected 1-64 letters, digits, '_', '.', '-', got '" + e.fromChainId + "'");
      require(
          e.fromHeight != null && e.fromHeight >= 0,
          "/state/fromHeight",
          "expected a height >= 0, got " + e.fromHeight);
      Hash block = hash(e.fromBlockHash, "/state/fromBlockHash", "a block hash");
      Hash root = hash(e.root, "/state/root", "a state root");
      List<Genesis.DataEntry> data = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; e.data != null && i < e.data.size(); i++) {
        GenesisFile.DataEntry d = e.data.get(i);
        String p = "/state/data/" + i;
        require(d != null, p, "expected an entry with chainCode, key or keyHex, value or valueHex");
        require(
            d.chainCode != null
                && io.ledgerlab.ledger.tx.Payload.NAME.matcher(d.chainCode).matches(),
            p + "/chainCode",
            "expected a lower-case chain-code name, got '" + d.chainCode + "'");
        byte[] key = bytes(d.key, d.keyHex, p, "key", QueryContext.KEY_BYTES_MAX);
        byte[] value = bytes(d.value, d.valueHex, p, "value", QueryContext.VALUE_BYTES_MAX);
        require(
            seen.add(d.chainCode + "/" + Hex.encode(key)),
            p,
            "a second entry for chain code " + d.chainCode + " key 0x" + Hex.encode(key));
        data.add(new Genesis.DataEntry(d.chainCode, Bytes.of(key), Bytes.of(value)));
      }
      List<Genesis.RawEntry> raw = new ArrayList<>();
      Set<String> rawSeen = new HashSet<>();
      for (int i = 0; e.raw != null && i < e.raw.size(); i++) {
        GenesisFile.RawEntry r = e.raw.get(i);
        String p = "/state/raw/" + i;
        require(
            r != null && r.keyHex != null && r.valueHex != null,
            p,
            "expected an entry with keyHex and valueHex");
        byte[] key = hex(r.keyHex, p + "/keyHex", RAW_KEY_BYTES_MAX);
        byte[] value = hex(r.valueHex, p + "/valueHex", RAW_VALUE_BYTES_MAX);
        StateKey known = StateKey.decode(key);
        require(
            known instanceof StateKey.Unknown,
            p + "/keyHex",
            "a key of no space this version knows; this is the "
                + known.describe()
                + ", which belongs in its own section");
        require(
            rawSeen.add(r.keyHex.toLowerCase(java.util.Locale.ROOT)),
            p,
            "a second entry for key 0x" + Hex.encode(key));
        raw.add(new Genesis.RawEntry(Bytes.of(key), Bytes.of(value)));
      }
      return new Genesis.Snapshot(e.fromChainId, e.fromHeight, block, root, nonces, data, raw);
    }

    /**
     * A key or value given as {@code name} (text) or {@code nameHex}: exactly one of them, text by
     * the rule that keeps it the same bytes through any YAML reader.
     */
    private byte[] bytes(String text, String hex, String p, String name, int bytesMax)
        throws GenesisException {
      require(
          text != null || hex != null,
          p,
          "expected one of '" + name + "' (text) or '" + name + "Hex'");
      require(
          text == null || hex == null,
          p + "/" + name + "Hex",
          "expected only one of '" + name + "' (text) or '" + name + "Hex', not both");
      byte[] out;
      if (text != null) {
        require(
            DATA_TEXT.matcher(text).matches(),
            p + "/" + name,
            "expected text of a letter, then letters, digits, '_', '.', '/', '-', got '"
                + text
                + "'; write other bytes as "
                + name
                + "Hex");
        out = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      } else {
        require(
            hex.length() % 2 == 0 && hex.matches("[0-9a-fA-F]*"),
            p + "/" + name + "Hex",
            "expected an even number of hex digits, got '" + hex + "'");
        out = Hex.decode(hex.toLowerCase(java.util.Locale.ROOT));
      }
      require(
          out.length <= bytesMax,
          p + "/" + (text != null ? name : name + "Hex"),
          "expected at most " + bytesMax + " bytes, got " + out.length);
      return out;
    }

    private byte[] hex(String hex, String pointer, int bytesMax) throws GenesisException {
      require(
          hex.length() % 2 == 0 && hex.matches("[0-9a-fA-F]*"),
          pointer,
          "expected an even number of hex digits, got '" + hex + "'");
      require(
          hex.length() / 2 <= bytesMax,
          pointer,
          "expected at most " + bytesMax + " bytes, got " + hex.length() / 2);
      return Hex.decode(hex.toLowerCase(java.util.Locale.ROOT));
    }

    private Hash hash(String hex, String pointer, String what) throws GenesisException {
      require(
          hex != null && hex.matches("[0-9a-f]{64}"),
          pointer,
          "expected " + what + ": 64 lower-case hex characters, got '" + hex + "'");
      return Hash.fromHex(hex);
    }

    private PublicKey publicKeyOf(GenesisFile.AccountEntry e) throws GenesisException {
      return publicKey(e.publicKey, "/accounts");
    }

    private static String strip0x(String hex) {
      return (hex.startsWith("0x") ? hex.substring(2) : hex).toLowerCase(java.util.Locale.ROOT);
    }

    /** The user chain-code jars named beside chain codes and upgrades, each with its hash. */
    private List<Genesis.CodeJar> jars(GenesisFile f) throws GenesisException {
      List<Genesis.CodeJar> out = new ArrayList<>();
      for (int i = 0; f.chainCodes != null && i < f.chainCodes.size(); i++) {
        GenesisFile.ChainCodeEntry e = f.chainCodes.get(i);
        String p = "/chainCodes/" + i;
        jar(p, e.name, e.version == null ? 1 : e.version, e.jar, e.sha256).ifPresent(out::add);
      }
      for (int i = 0; f.upgrades != null && i < f.upgrades.size(); i++) {
        GenesisFile.UpgradeEntry e = f.upgrades.get(i);
        String p = "/upgrades/" + i;
        Optional<Genesis.CodeJar> jar = jar(p, e.chainCode, e.version, e.jar, e.sha256);
        if (jar.isPresent()) {
          Genesis.CodeJar j = jar.get();
          require(
              out.stream().noneMatch(o -> o.name().equals(j.name()) && o.version() == j.version()),
              p + "/jar",
              "one jar per chain-code version; "
                  + j.name()
                  + " version "
                  + j.version()
                  + " has two");
          out.add(j);
        }
      }
      return out;
    }

    private Optional<Genesis.CodeJar> jar(
        String p, String name, int version, String jar, String sha256) throws GenesisException {
      if (jar == null) {
        require(sha256 == null, p + "/sha256", "sha256 belongs to a jar; this entry has none");
        return Optional.empty();
      }
      require(!jar.isBlank(), p + "/jar", "expected the path of a chain-code jar");
      require(
          !BUILT_INS.contains(name),
          p + "/jar",
          "no jar for the built-in '" + name + "': the node carries its own");
      require(
          sha256 != null && Genesis.CodeJar.SHA256.matcher(sha256).matches(),
          p + "/sha256",
          "expected the jar's SHA-256 as 64 lower-case hex digits, got '" + sha256 + "'");
      return Optional.of(new Genesis.CodeJar(name, version, jar, sha256));
    }

    private long time(String text) throws GenesisException {
      if (text == null) {
        return 0;
      }
      try {
        Instant t = Instant.parse(text);
        require(!t.isBefore(Instant.EPOCH), "/genesisTime", "must not be before 1970");
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
      } catch (DateTimeParseException e) {
        throw fail(
            "/genesisTime",
            "expected an ISO-8601 UTC time such as 2026-01-01T00:00:00Z, got '" + text + "'");
      }
    }

    private List<Validator> validators(List<GenesisFile.ValidatorEntry> entries)
        throws GenesisException {
      require(
          entries != null && !entries.isEmpty(), "/validators", "expected at least one validator");
      List<Validator> out = new ArrayList<>();
      Set<String> names = new HashSet<>();
      Set<PublicKey> keys = new HashSet<>();
      long total = 0;
      for (int i = 0; i < entries.size(); i++) {
        GenesisFile.ValidatorEntry e = entries.get(i);
        String p = "/validators/" + i;
        require(e != null, p, "expected a validator with name, publicKey and power");
        require(
            NAME.matcher(e.name).matches(),
            p + "/name",
            "expected 1-64 letters, digits, '_', '.', '-', got '" + e.name + "'");
        require(names.add(e.name), p + "/name", "duplicate validator name '" + e.name + "'");
        PublicKey key = publicKey(e.publicKey, p + "/publicKey");
        require(keys.add(key), p + "/publicKey", "duplicate validator key");
        long power = e.power == null ? 1 : e.power;
        require(
            power >= 1 && power <= POWER_TOTAL_MAX,
            p + "/power",
            "expected a power in [1, 2^60], got " + power);
        total += power;
        require(total <= POWER_TOTAL_MAX, p + "/power", "total voting power exceeds 2^60");
        out.add(new Validator(e.name, key, power));
      }
      return out;
    }

    private SortedMap<Address, Long> accounts(List<GenesisFile.AccountEntry> entries)
        throws GenesisException {
      SortedMap<Address, Long> out = new TreeMap<>();
      if (entries == null) {
        return out;
      }
      long supply = 0;
      for (int i = 0; i < entries.size(); i++) {
        GenesisFile.AccountEntry e = entries.get(i);
        String p = "/accounts/" + i;
        require(e != null, p, "expected an account with address or publicKey, and balance");
        require(
            (e.address == null) != (e.publicKey == null),
            p,
            "expected exactly one of 'address' or 'publicKey'");
        Address address =
            e.address != null
                ? address(e.address, p + "/address")
                : publicKey(e.publicKey, p + "/publicKey").address();
        require(e.balance >= 0, p + "/balance", "expected a balance >= 0, got " + e.balance);
        require(out.put(address, e.balance) == null, p, "duplicate account " + address);
        try {
          supply = Math.addExact(supply, e.balance);
        } catch (ArithmeticException overflow) {
          throw fail(p + "/balance", "total supply exceeds 2^63-1");
        }
      }
      return out;
    }

    private SortedMap<String, Integer> chainCodes(List<GenesisFile.ChainCodeEntry> entries)
        throws GenesisException {
      SortedMap<String, Integer> out = new TreeMap<>();
      if (entries == null) {
        out.put("token", 1);
        out.put("kv", 1);
        return out;
      }
      for (int i = 0; i < entries.size(); i++) {
        GenesisFile.ChainCodeEntry e = entries.get(i);
        String p = "/chainCodes/" + i;
        require(e != null, p, "expected a chain code with name and version");
        require(
            io.ledgerlab.ledger.tx.Payload.NAME.matcher(e.name).matches(),
            p + "/name",
            "expected a lower-case name, got '" + e.name + "'");
        int version = e.version == null ? 1 : e.version;
        require(version >= 1, p + "/version", "expected a version >= 1, got " + version);
        require(
            out.put(e.name, version) == null, p + "/name", "duplicate chain code '" + e.name + "'");
      }
      return out;
    }

    private List<Genesis.ScheduledUpgrade> upgrades(
        List<GenesisFile.UpgradeEntry> entries, SortedMap<String, Integer> chainCodes)
        throws GenesisException {
      List<Genesis.ScheduledUpgrade> out = new ArrayList<>();
      if (entries == null) {
        return out;
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < entries.size(); i++) {
        GenesisFile.UpgradeEntry e = entries.get(i);
        String p = "/upgrades/" + i;
        require(e != null, p, "expected an upgrade with chainCode, version and height");
        require(
            chainCodes.containsKey(e.chainCode),
            p + "/chainCode",
            "'" + e.chainCode + "' is not among chainCodes " + chainCodes.keySet());
        require(
            e.version > chainCodes.get(e.chainCode),
            p + "/version",
            "expected a version above the genesis version "
                + chainCodes.get(e.chainCode)
                + ", got "
                + e.version);
        require(e.height >= 1, p + "/height", "expected a height >= 1, got " + e.height);
        require(
            seen.add(e.chainCode + "@" + e.height),
            p,
            "a second upgrade of " + e.chainCode + " at height " + e.height);
        out.add(new Genesis.ScheduledUpgrade(e.chainCode, e.version, e.height));
      }
      return out;
    }

    private ChainParams params(GenesisFile.ParamsEntry e) throws GenesisException {
      ChainParams d = ChainParams.DEFAULT;
      if (e == null) {
        return d;
      }
      try {
        return new ChainParams(
            e.txBytesMax == null ? d.txBytesMax() : e.txBytesMax,
            e.blockTransactionsMax == null ? d.blockTransactionsMax() : e.blockTransactionsMax,
            e.blockBytesMax == null ? d.blockBytesMax() : e.blockBytesMax);
      } catch (IllegalArgumentException bad) {
        throw fail("/params", bad.getMessage());
      }
    }

    private PublicKey publicKey(String hex, String pointer) throws GenesisException {
      require(
          hex != null && hex.matches("(0x)?[0-9a-fA-F]{64}"),
          pointer,
          "expected 64 hex characters (an Ed25519 public key), got '" + hex + "'");
      return PublicKey.of(Hex.decode(hex.toLowerCase(java.util.Locale.ROOT)));
    }

    private Address address(String hex, String pointer) throws GenesisException {
      require(
          hex.matches("(0x)?[0-9a-fA-F]{40}"),
          pointer,
          "expected 40 hex characters (an address), got '" + hex + "'");
      return Address.of(Hex.decode(hex.toLowerCase(java.util.Locale.ROOT)));
    }

    private void require(boolean ok, String pointer, String problem) throws GenesisException {
      if (!ok) {
        throw fail(pointer, problem);
      }
    }

    private GenesisException fail(String pointer, String problem) {
      return new GenesisException(where.error(pointer, problem));
    }
  }
}
