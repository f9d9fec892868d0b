package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.WorkingState;
import io.ledgerlab.ledger.state.WriteSet;
import java.util.Map;

/** The state a genesis document describes: balances, chain codes in force, the minted supply. */
public final class GenesisState {
  private GenesisState() {}

  public static WriteSet writes(Genesis genesis, StateReader empty) {
    WorkingState state = new WorkingState(empty);
    for (Map.Entry<Address, Long> e : genesis.balances().entrySet()) {
      Accounts.put(state, e.getKey(), new Account(e.getValue(), 0));
    }
    for (Map.Entry<String, Integer> e : genesis.chainCodes().entrySet()) {
      Versions.set(state, e.getKey(), e.getValue());
    }
    for (Genesis.ScheduledUpgrade u : genesis.upgrades()) {
      Versions.schedule(state, u.height(), u.chainCode(), u.version());
    }
    if (genesis.chainCodes().containsKey(TokenChainCode.NAME)) {
      state.put(
          StateKeys.concat(
              StateKeys.chainCodeSpace(TokenChainCode.NAME), TokenChainCode.SUPPLY_KEY),
          new Encoder(8).u64(genesis.totalSupply()).toByteArray());
    }
    state.commitTx();
    return state.blockWrites();
  }
}
