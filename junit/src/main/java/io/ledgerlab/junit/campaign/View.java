package io.ledgerlab.junit.campaign;

import io.ledgerlab.junit.Account;
import io.ledgerlab.junit.Receipt;

/** What an invariant may read: chain-code queries, balances and the height, from a live node. */
public interface View {
  Receipt query(String chainCode, String method, byte[] args);

  long balance(Account account);

  long height();

  Accounts accounts();
}
