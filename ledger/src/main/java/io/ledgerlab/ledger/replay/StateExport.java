package io.ledgerlab.ledger.replay;

import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.exec.GenesisState;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.StateKey;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.store.ChainHead;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A chain's state at a height as the genesis of a new chain: every account with its balance and
 * nonce, the chain codes in force and the upgrades still pending (with their jars), and every key
 * of every chain code's space — so the new chain's genesis state root is the exported root, which
 * the export checks before it returns.
 *
 * <p>The new chain starts at height 0: chain code that reads the block height sees it restart, and
 * a pending upgrade keeps its height number, so it takes effect at that height of the new chain.
 */
public final class StateExport {
  private static final int PAGE = 10_000;

  private StateExport() {}

  /**
   * What may change between the source chain and the new one.
   *
   * @param chainId the new chain's id, or null to keep the source's
   * @param validators the new chain's validators, or empty to keep the source's
   * @param jars where the new genesis finds each user chain-code jar it names: the source's entry
   *     in, the new entry (its path relative to the new genesis file) out
   */
  public record Options(
      String chainId, List<Genesis.Validator> validators, UnaryOperator<Genesis.CodeJar> jars) {
    public Options {
      validators = List.copyOf(validators);
    }

    /** The same chain id, validators and jar paths. */
    public static final Options KEEP = new Options(null, List.of(), UnaryOperator.identity());
  }

  /**
   * The genesis of a chain that starts from {@code state}, the state of {@code source}'s chain at
   * {@code at}.
   *
   * @throws ReplayException when the state holds an account or version record that does not decode,
   *     or the genesis it makes does not rebuild to the state's root
   */
  public static Genesis genesis(Genesis source, ChainHead at, StateReader state, Options options)
      throws ReplayException {
    SortedMap<Address, Long> balances = new TreeMap<>();
    SortedMap<Address, Long> nonces = new TreeMap<>();
    SortedMap<String, Integer> versions = new TreeMap<>();
    List<Genesis.ScheduledUpgrade> upgrades = new ArrayList<>();
    List<Genesis.DataEntry> data = new ArrayList<>();
    List<Genesis.RawEntry> raw = new ArrayList<>();
    byte[] from = null;
    while (true) {
      List<Map.Entry<Bytes, byte[]>> page = state.scan(from, null, PAGE);
      for (Map.Entry<Bytes, byte[]> e : page) {
        StateKey key = StateKey.decode(e.getKey().unsafeArray());
        byte[] value = e.getValue();
        if (key instanceof StateKey.AccountKey a) {
          Account account = account(a, value);
          balances.put(a.address(), account.balance());
          if (account.nonce() != 0) {
            nonces.put(a.address(), account.nonce());
          }
        } else if (key instanceof StateKey.Version v) {
          versions.put(v.chainCode(), u32(key, value));
        } else if (key instanceof StateKey.Upgrade u) {
          upgrades.add(new Genesis.ScheduledUpgrade(u.chainCode(), u32(key, value), u.height()));
        } else if (key instanceof StateKey.ChainCodeData d) {
          data.add(new Genesis.DataEntry(d.chainCode(), Bytes.of(d.key()), Bytes.of(value)));
        } else {
          // A space a later version added (its records, say): kept as it is, so the export stays
          // exact; the root check below still catches a damaged state.
          raw.add(new Genesis.RawEntry(Bytes.of(e.getKey().unsafeArray()), Bytes.of(value)));
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      byte[] last = page.get(page.size() - 1).getKey().toArray();
      from = Arrays.copyOf(last, last.length + 1);
    }
    for (Map.Entry<String, Integer> v : versions.entrySet()) {
      if (state.get(io.ledgerlab.ledger.state.StateKeys.installedCode(v.getKey(), v.getValue()))
          != null) {
        // Its jar is in the nodes' code directories, not the source genesis: a chain started from
        // this file would name a version no node could load. Refused rather than half exported.
        throw new ReplayException(
            v.getKey()
                + " version "
                + v.getValue()
                + " was installed by governance; exporting a chain whose chain code governance"
                + " upgraded is not supported yet");
      }
    }
    List<Genesis.CodeJar> jars = new ArrayList<>();
    for (Map.Entry<String, Integer> v : versions.entrySet()) {
      jar(source, v.getKey(), v.getValue()).ifPresent(j -> jars.add(options.jars().apply(j)));
    }
    for (Genesis.ScheduledUpgrade u : upgrades) {
      jar(source, u.chainCode(), u.version()).ifPresent(j -> jars.add(options.jars().apply(j)));
    }
    Genesis.Snapshot snapshot =
        new Genesis.Snapshot(
            source.chainId(), at.height(), at.blockHash(), at.stateRoot(), nonces, data, raw);
    Genesis out =
        new Genesis(
            options.chainId() == null ? source.chainId() : options.chainId(),
            at.timeMicros(),
            options.validators().isEmpty() ? source.validators() : options.validators(),
            balances,
            versions,
            upgrades,
            source.params(),
            jars,
            source.operators(),
            snapshot);
    var rebuilt = GenesisState.root(out);
    if (!rebuilt.equals(at.stateRoot())) {
      throw new ReplayException(
          "the exported genesis rebuilds to state root "
              + rebuilt.hex()
              + ", not the chain's "
              + at.stateRoot().hex()
              + " at height "
              + at.height());
    }
    return out;
  }

  private static java.util.Optional<Genesis.CodeJar> jar(Genesis g, String name, int version) {
    return g.jars().stream()
        .filter(j -> j.name().equals(name) && j.version() == version)
        .findFirst();
  }

  private static Account account(StateKey.AccountKey key, byte[] value) throws ReplayException {
    try {
      return Account.decode(value);
    } catch (DecodeException e) {
      throw new ReplayException(key.describe() + " holds no account record: " + e.getMessage());
    }
  }

  private static int u32(StateKey key, byte[] value) throws ReplayException {
    if (value.length != 4) {
      throw new ReplayException(
          key.describe() + " holds " + value.length + " bytes, not a version");
    }
    return ByteBuffer.wrap(value).getInt();
  }
}
