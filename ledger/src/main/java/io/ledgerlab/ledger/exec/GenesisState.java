package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.MerkleTrie;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.state.WorkingState;
import io.ledgerlab.ledger.state.WriteSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state a genesis document describes: balances, chain codes in force, the minted supply — or,
 * for a chain that starts from an exported state, that state exactly: nonces too, and every
 * chain-code key as exported, the recorded supply among them.
 */
public final class GenesisState {
  private static final StateReader EMPTY =
      new StateReader() {
        @Override
        public byte[] get(byte[] key) {
          return null;
        }

        @Override
        public List<Map.Entry<Bytes, byte[]>> scan(
            byte[] fromInclusive, byte[] toExclusive, int limit) {
          return List.of();
        }
      };

  private GenesisState() {}

  public static WriteSet writes(Genesis genesis, StateReader empty) {
    WorkingState state = new WorkingState(empty);
    for (Map.Entry<Address, Long> e : genesis.balances().entrySet()) {
      Accounts.put(state, e.getKey(), new Account(e.getValue(), genesis.nonce(e.getKey())));
    }
    for (Map.Entry<String, Integer> e : genesis.chainCodes().entrySet()) {
      Versions.set(state, e.getKey(), e.getValue());
    }
    for (Genesis.ScheduledUpgrade u : genesis.upgrades()) {
      Versions.schedule(state, u.height(), u.chainCode(), u.version());
    }
    if (genesis.snapshot() != null) {
      // The exported keys as they were: the token's supply record is one of them.
      for (Genesis.DataEntry d : genesis.snapshot().data()) {
        state.put(
            StateKeys.concat(StateKeys.chainCodeSpace(d.chainCode()), d.key().unsafeArray()),
            d.value().unsafeArray());
      }
      for (Genesis.RawEntry r : genesis.snapshot().raw()) {
        state.put(r.key().toArray(), r.value().unsafeArray());
      }
    } else if (genesis.chainCodes().containsKey(TokenChainCode.NAME)) {
      state.put(
          StateKeys.concat(
              StateKeys.chainCodeSpace(TokenChainCode.NAME), TokenChainCode.SUPPLY_KEY),
          new Encoder(8).u64(genesis.totalSupply()).toByteArray());
    }
    state.commitTx();
    return state.blockWrites();
  }

  /** The root of the state {@code genesis} describes, computed without a disk. */
  public static Hash root(Genesis genesis) {
    SortedMap<Hash, Hash> leaves = new TreeMap<>();
    for (Map.Entry<Bytes, byte[]> e : writes(genesis, EMPTY).entries()) {
      if (e.getValue() != null) {
        leaves.put(StateStore.keyHash(e.getKey().unsafeArray()), Sha256.hash(e.getValue()));
      }
    }
    return MerkleTrie.rootOf(leaves);
  }
}
