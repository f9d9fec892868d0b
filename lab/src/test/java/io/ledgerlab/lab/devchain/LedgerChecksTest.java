package io.ledgerlab.lab.devchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.WriteBatch;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks pass on a healthy chain and fail on a damaged one: a check that cannot fail proves
 * nothing.
 */
class LedgerChecksTest {
  private final KeyPair validator = KeyPair.generate(SeededEntropy.of(1));
  private final KeyPair alice = KeyPair.generate(SeededEntropy.of(2));
  private final KeyPair bob = KeyPair.generate(SeededEntropy.of(3));
  private final Genesis genesis =
      GenesisBuilder.chain("checks")
          .validator("v", validator.publicKey(), 1)
          .balance(alice.address(), 100)
          .balance(bob.address(), 50)
          .build();
  private final MemoryDisk disk = new MemoryDisk();
  private final Ledger ledger;

  LedgerChecksTest() throws Exception {
    ledger = Ledger.open(disk, genesis, ChainCodeRegistry.builtins());
    Transaction tx = Transaction.sign("checks", alice, 0, new Payload.Transfer(bob.address(), 30));
    ledger.commit(
        ledger
            .executor()
            .propose(
                "checks",
                ledger.head(),
                List.of(tx),
                1,
                validator.address(),
                CommitCertificate.EMPTY));
  }

  @Test
  void healthyChainPassesBoth() {
    assertThat(new SupplyCheck(List.of(alice.address(), bob.address())).check(ledger).validity())
        .isEqualTo(Validity.VALID);
    assertThat(new StateRootCheck().check(ledger).validity()).isEqualTo(Validity.VALID);
  }

  @Test
  void supplyCheckFailsWhenBalancesDoNotAddUp() {
    CheckResult result = new SupplyCheck(List.of(alice.address())).check(ledger);
    assertThat(result.validity()).isEqualTo(Validity.INVALID);
    assertThat(result.details()).contains("minted 150").contains("balances 70");
  }

  @Test
  void stateRootCheckCatchesAStateWrittenBehindTheTriesBack() {
    // Mint out of thin air by writing the flat state directly, bypassing the executor and the trie.
    byte[] flatKey =
        StateKeys.concat(new byte[] {'s'}, StateKeys.account(Address.of(new byte[20])));
    disk.write(new WriteBatch().put(flatKey, new Account(1_000, 0).encode()));
    CheckResult result = new StateRootCheck().check(ledger);
    assertThat(result.validity()).isEqualTo(Validity.INVALID);
  }

  @Test
  void invalidBeatsUnknownBeatsValid() {
    assertThat(Validity.VALID.and(Validity.UNKNOWN)).isEqualTo(Validity.UNKNOWN);
    assertThat(Validity.UNKNOWN.and(Validity.INVALID)).isEqualTo(Validity.INVALID);
    assertThat(Validity.INVALID.and(Validity.VALID)).isEqualTo(Validity.INVALID);
  }
}
