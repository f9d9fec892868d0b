package io.ledgerlab.ledger.genesis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.ledgerlab.ledger.crypto.Hex;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

/** Writes a genesis as the YAML that {@link GenesisParser} reads back to an equal genesis. */
public final class GenesisWriter {
  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private GenesisWriter() {}

  public static String yaml(Genesis genesis) {
    GenesisFile f = new GenesisFile();
    f.chainId = genesis.chainId();
    long micros = genesis.genesisTimeMicros();
    f.genesisTime =
        Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L)
            .toString();
    f.validators = new ArrayList<>();
    for (Genesis.Validator v : genesis.validators()) {
      GenesisFile.ValidatorEntry e = new GenesisFile.ValidatorEntry();
      e.name = v.name();
      e.publicKey = v.publicKey().hex();
      e.power = v.power();
      f.validators.add(e);
    }
    f.accounts = new ArrayList<>();
    genesis
        .balances()
        .forEach(
            (address, balance) -> {
              GenesisFile.AccountEntry e = new GenesisFile.AccountEntry();
              e.address = address.hex();
              e.balance = balance;
              long nonce = genesis.nonce(address);
              e.nonce = nonce == 0 ? null : nonce;
              f.accounts.add(e);
            });
    f.chainCodes = new ArrayList<>();
    for (Map.Entry<String, Integer> c : genesis.chainCodes().entrySet()) {
      GenesisFile.ChainCodeEntry e = new GenesisFile.ChainCodeEntry();
      e.name = c.getKey();
      e.version = c.getValue();
      jar(genesis, e.name, e.version)
          .ifPresent(
              j -> {
                e.jar = j.jar();
                e.sha256 = j.sha256();
              });
      f.chainCodes.add(e);
    }
    f.upgrades = new ArrayList<>();
    for (Genesis.ScheduledUpgrade u : genesis.upgrades()) {
      GenesisFile.UpgradeEntry e = new GenesisFile.UpgradeEntry();
      e.chainCode = u.chainCode();
      e.version = u.version();
      e.height = u.height();
      jar(genesis, e.chainCode, e.version)
          .ifPresent(
              j -> {
                e.jar = j.jar();
                e.sha256 = j.sha256();
              });
      f.upgrades.add(e);
    }
    if (!genesis.operators().isEmpty()) {
      f.operators = new GenesisFile.OperatorsEntry();
      f.operators.threshold = genesis.operators().threshold();
      f.operators.keys = new ArrayList<>();
      for (Genesis.Operator o : genesis.operators().keys()) {
        GenesisFile.OperatorEntry e = new GenesisFile.OperatorEntry();
        e.name = o.name();
        e.publicKey = o.publicKey().hex();
        f.operators.keys.add(e);
      }
    }
    f.params = new GenesisFile.ParamsEntry();
    f.params.txBytesMax = genesis.params().txBytesMax();
    f.params.blockTransactionsMax = genesis.params().blockTransactionsMax();
    f.params.blockBytesMax = genesis.params().blockBytesMax();
    if (genesis.snapshot() != null) {
      f.state = state(genesis.snapshot());
    }
    try {
      return YAML.writeValueAsString(f);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a genesis always serializes", e);
    }
  }

  private static GenesisFile.StateEntry state(Genesis.Snapshot s) {
    GenesisFile.StateEntry e = new GenesisFile.StateEntry();
    e.fromChainId = s.fromChainId();
    e.fromHeight = s.fromHeight();
    e.fromBlockHash = s.fromBlockHash().hex();
    e.root = s.stateRoot().hex();
    e.data = new ArrayList<>();
    for (Genesis.DataEntry d : s.data()) {
      GenesisFile.DataEntry out = new GenesisFile.DataEntry();
      out.chainCode = d.chainCode();
      String key = text(d.key().unsafeArray());
      String value = text(d.value().unsafeArray());
      out.key = key;
      out.keyHex = key == null ? Hex.encode(d.key().unsafeArray()) : null;
      out.value = value;
      out.valueHex = value == null ? Hex.encode(d.value().unsafeArray()) : null;
      e.data.add(out);
    }
    if (!s.raw().isEmpty()) {
      e.raw = new ArrayList<>();
      for (Genesis.RawEntry r : s.raw()) {
        GenesisFile.RawEntry out = new GenesisFile.RawEntry();
        out.keyHex = Hex.encode(r.key().unsafeArray());
        out.valueHex = Hex.encode(r.value().unsafeArray());
        e.raw.add(out);
      }
    }
    return e;
  }

  /**
   * The bytes as text when the parser's text rule allows them, so people can read them; else null.
   */
  private static String text(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return null;
      }
    }
    String s = new String(bytes, StandardCharsets.US_ASCII);
    return GenesisParser.DATA_TEXT.matcher(s).matches() ? s : null;
  }

  private static java.util.Optional<Genesis.CodeJar> jar(Genesis g, String name, int version) {
    return g.jars().stream()
        .filter(j -> j.name().equals(name) && j.version() == version)
        .findFirst();
  }
}
