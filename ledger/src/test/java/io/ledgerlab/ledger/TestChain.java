package io.ledgerlab.ledger;

import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A small funded chain for tests: deterministic keys from a seed, one validator. */
public final class TestChain {
  public static final String CHAIN_ID = "test-chain";
  public final KeyPair validator;
  public final List<KeyPair> accounts = new ArrayList<>();
  public final Genesis genesis;
  public final long balanceEach;

  public TestChain(long seed, int accountCount, long balanceEach) {
    this(seed, accountCount, balanceEach, UnaryOperator.identity());
  }

  public TestChain(
      long seed, int accountCount, long balanceEach, UnaryOperator<GenesisBuilder> customize) {
    SeededEntropy entropy = SeededEntropy.of(seed);
    this.validator = KeyPair.generate(entropy.fork("validator"));
    this.balanceEach = balanceEach;
    GenesisBuilder builder =
        GenesisBuilder.chain(CHAIN_ID).validator("v0", validator.publicKey(), 1);
    var keys = entropy.fork("accounts");
    for (int i = 0; i < accountCount; i++) {
      KeyPair key = KeyPair.generate(keys);
      accounts.add(key);
      builder.balance(key.address(), balanceEach);
    }
    this.genesis = customize.apply(builder).build();
  }

  public Ledger open(Disk disk) {
    return open(disk, ChainCodeRegistry.builtins());
  }

  public Ledger open(Disk disk, ChainCodeRegistry registry) {
    try {
      return Ledger.open(disk, genesis, registry);
    } catch (GenesisException e) {
      throw new AssertionError(e);
    }
  }

  public Transaction transfer(int from, int to, long nonce, long amount) {
    return Transaction.sign(
        CHAIN_ID,
        accounts.get(from),
        nonce,
        new Payload.Transfer(accounts.get(to).address(), amount));
  }

  public Transaction call(
      int from, long nonce, String chainCode, int version, String method, byte[] args) {
    return Transaction.sign(
        CHAIN_ID, accounts.get(from), nonce, new Payload.Call(chainCode, version, method, args));
  }

  public long totalBalance(Ledger ledger) {
    long total = 0;
    for (KeyPair k : accounts) {
      total += ledger.account(k.address()).balance();
    }
    return total;
  }
}
