package io.ledgerlab.ledger.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.crypto.Signature;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import io.ledgerlab.runtime.disk.MemoryDisk;
import org.junit.jupiter.api.Test;

class TxRulesTest {
  private final TestChain chain =
      new TestChain(1, 3, 1_000, b -> b.params(new Genesis.ChainParams(1_024, 100, 1 << 20)));
  private final Ledger ledger = chain.open(new MemoryDisk());

  private TxCheck check(Transaction tx) {
    return ledger.rules().all(tx, ledger.state(), ledger.height() + 1);
  }

  @Test
  void aValidTransferPasses() {
    assertThat(check(chain.transfer(0, 1, 0, 10)).isOk()).isTrue();
  }

  @Test
  void forgedSignatureIsRejected() throws Exception {
    byte[] bytes = chain.transfer(0, 1, 0, 10).encoded();
    bytes[bytes.length - 1] ^= 0x01;
    assertThat(check(Transaction.decode(bytes)).reason()).isEqualTo(RejectReason.BAD_SIGNATURE);
  }

  @Test
  void signatureOfAnotherKeyIsRejected() throws Exception {
    Transaction real = chain.transfer(0, 1, 0, 10);
    Transaction other = chain.transfer(1, 1, 0, 10);
    byte[] bytes = real.encoded();
    System.arraycopy(
        other.signature().bytes(), 0, bytes, bytes.length - Signature.LENGTH, Signature.LENGTH);
    assertThat(check(Transaction.decode(bytes)).reason()).isEqualTo(RejectReason.BAD_SIGNATURE);
  }

  @Test
  void replayedAndSkippedNoncesAreRejected() {
    TxCheck skipped = check(chain.transfer(0, 1, 1, 10));
    assertThat(skipped.reason()).isEqualTo(RejectReason.BAD_NONCE);
    assertThat(skipped.detail()).contains("skips ahead");

    Transaction first = chain.transfer(0, 1, 0, 10);
    var executed =
        ledger
            .executor()
            .propose(
                ledger.chainId(),
                ledger.head(),
                java.util.List.of(first),
                1,
                chain.validator.address(),
                io.ledgerlab.ledger.block.CommitCertificate.EMPTY);
    ledger.commit(executed);
    TxCheck replay = check(first);
    assertThat(replay.reason()).isEqualTo(RejectReason.BAD_NONCE);
    assertThat(replay.detail()).contains("replay");
  }

  @Test
  void wrongChainIdIsRejected() {
    Transaction tx =
        Transaction.sign(
            "other-chain",
            chain.accounts.get(0),
            0,
            new Payload.Transfer(chain.accounts.get(1).address(), 1));
    assertThat(check(tx).reason()).isEqualTo(RejectReason.WRONG_CHAIN_ID);
  }

  @Test
  void tooLargeIsRejected() {
    Transaction tx =
        chain.call(0, 0, "kv", 1, "put", KvChainCode.putArgs(new byte[1], new byte[2_000]));
    assertThat(check(tx).reason()).isEqualTo(RejectReason.TOO_LARGE);
  }

  @Test
  void insufficientBalanceIsRejected() {
    assertThat(check(chain.transfer(0, 1, 0, 1_001)).reason())
        .isEqualTo(RejectReason.INSUFFICIENT_BALANCE);
  }

  @Test
  void unknownChainCodeAndVersionAreRejected() {
    assertThat(check(chain.call(0, 0, "nope", 1, "put", new byte[0])).reason())
        .isEqualTo(RejectReason.UNKNOWN_CHAIN_CODE);
    assertThat(check(chain.call(0, 0, "kv", 2, "put", new byte[0])).reason())
        .isEqualTo(RejectReason.UNKNOWN_VERSION);
  }

  @Test
  void governanceOnAChainWithoutOperatorsIsRejected() {
    Transaction tx =
        Transaction.sign(
            TestChain.CHAIN_ID,
            chain.accounts.get(0),
            0,
            new Payload.Governance("upgrade", new byte[0]));
    TxCheck check = check(tx);
    assertThat(check.reason()).isEqualTo(RejectReason.NOT_OPERATOR);
    assertThat(check.detail()).contains("this chain has no operators");
  }
}
