package io.ledgerlab.junit.campaign;

import io.ledgerlab.junit.Account;
import java.util.List;
import java.util.Random;

/** The funded accounts a campaign's handlers sign with. */
public record Accounts(List<Account> all) {
  public Accounts {
    all = List.copyOf(all);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("a campaign needs at least one account");
    }
  }

  public Account pick(Random random) {
    return all.get(random.nextInt(all.size()));
  }

  public Account get(int index) {
    return all.get(index);
  }

  public int size() {
    return all.size();
  }
}
