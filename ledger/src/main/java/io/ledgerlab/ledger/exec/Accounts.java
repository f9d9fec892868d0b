package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.WorkingState;

/** Reads and writes account records in the state. */
public final class Accounts {
  private Accounts() {}

  public static Account get(StateReader state, Address address) {
    byte[] bytes = state.get(StateKeys.account(address));
    if (bytes == null) {
      return Account.EMPTY;
    }
    try {
      return Account.decode(bytes);
    } catch (DecodeException e) {
      throw new CorruptStateException("account " + address + " is corrupt: " + e.getMessage(), e);
    }
  }

  static void put(WorkingState state, Address address, Account account) {
    state.put(StateKeys.account(address), account.encode());
  }
}
