package io.ledgerlab.ledger.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.node.DevChain;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.WriteBatch;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.log.MemoryEventLog;
import io.ledgerlab.runtime.net.NoTransport;
import io.ledgerlab.runtime.sim.SimScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainCodeErrorReceiptTest {
  private static final List<String> THROWING = List.of("npe", "divide", "index", "substring");

  private final TestChain chain =
      new TestChain(11, 2, 1_000, b -> b.chainCode(ThrowingChainCode.NAME, 1));
  private final MemoryDisk disk = new MemoryDisk();
  private final Ledger ledger = chain.open(disk, registry());

  private static ChainCodeRegistry registry() {
    return ChainCodeRegistry.builtins().register(new ThrowingChainCode());
  }

  private Transaction call(long nonce, String method, byte[] args) {
    return chain.call(0, nonce, ThrowingChainCode.NAME, 1, method, args);
  }

  private ExecutedBlock propose(List<Transaction> txs) {
    return ledger
        .executor()
        .propose(
            ledger.chainId(),
            ledger.head(),
            txs,
            ledger.head().timeMicros() + 1_000,
            chain.validator.address(),
            CommitCertificate.EMPTY);
  }

  private List<Transaction> throwingCalls() {
    List<Transaction> txs = new ArrayList<>();
    for (String method : THROWING) {
      txs.add(call(txs.size(), method, new byte[0]));
    }
    return txs;
  }

  @Test
  void aThrowingChainCodeGetsTheFixedCodeAndNoExceptionText() {
    ExecutedBlock executed = propose(throwingCalls());

    assertThat(executed.block().transactions()).hasSize(THROWING.size());
    assertThat(executed.receipts())
        .allSatisfy(
            r -> {
              assertThat(r.ok()).isFalse();
              assertThat(r.errorCode()).isEqualTo(BlockExecutor.CHAIN_CODE_ERROR);
              assertThat(r.message()).isEqualTo(BlockExecutor.CHAIN_CODE_ERROR_MESSAGE);
            });
    assertThat(executed.receipts())
        .extracting(Receipt::message)
        .noneMatch(m -> m.contains("Exception") || m.contains("missing") || m.contains("zero"));
  }

  @Test
  void theExceptionTextIsKeptBesideTheBlockForPeople() {
    List<Transaction> txs = throwingCalls();
    ExecutedBlock executed = propose(txs);

    assertThat(executed.chainCodeErrors())
        .extracting(ExecutedBlock.ChainCodeError::txHash)
        .containsExactlyElementsOf(txs.stream().map(Transaction::hash).toList());
    assertThat(executed.chainCodeErrors().get(0).chainCode()).isEqualTo(ThrowingChainCode.NAME);
    assertThat(executed.chainCodeErrors().get(0).exception())
        .startsWith("java.lang.NullPointerException");
    assertThat(executed.chainCodeErrors().get(1).exception())
        .isEqualTo("java.lang.ArithmeticException: / by zero");
  }

  @Test
  void aReplayGivesTheSameReceiptsAndErrors() throws Exception {
    ExecutedBlock proposed = propose(throwingCalls());
    Ledger other = chain.open(new MemoryDisk(), registry());

    ExecutedBlock replayed =
        other.executor().replay(other.chainId(), other.head(), proposed.block(), true);

    assertThat(replayed.receipts()).isEqualTo(proposed.receipts());
    assertThat(replayed.chainCodeErrors()).isEqualTo(proposed.chainCodeErrors());
  }

  @Test
  void aFailedCallKeepsNoWritesButMovesTheNonce() {
    ledger.commit(propose(List.of(call(0, "put", new byte[] {7}), call(1, "npe", new byte[] {8}))));

    assertThat(ledger.state().get(StateKeys.concat(space(), ThrowingChainCode.KEY)))
        .containsExactly(7);
    assertThat(ledger.account(chain.accounts.get(0).address()).nonce()).isEqualTo(2);
  }

  @Test
  void aCallWritingMoreThanItsBytesFailsAndKeepsNothing() {
    ExecutedBlock executed =
        propose(List.of(call(0, "write", new byte[] {16}), call(1, "write", new byte[] {18})));

    assertThat(executed.receipts().get(0).ok()).as("16 x 60 KiB fit one call").isTrue();
    assertThat(executed.receipts().get(1).errorCode()).isEqualTo(BlockExecutor.LIMIT_EXCEEDED);
    assertThat(executed.receipts().get(1).message())
        .isEqualTo("more than 1048576 bytes written in one call");
  }

  @Test
  void callsBeyondTheBlocksWrittenBytesFailInOrder() {
    List<Transaction> txs = new java.util.ArrayList<>();
    for (int i = 0; i < 19; i++) {
      txs.add(call(i, "write", new byte[] {16}));
    }
    ExecutedBlock executed = propose(txs);

    // A call writes 16 x (60 KiB + 2) + 2 bytes: 17 calls fit in 16 MiB, the 18th does not.
    assertThat(executed.receipts().subList(0, 17)).allSatisfy(r -> assertThat(r.ok()).isTrue());
    assertThat(executed.receipts().subList(17, 19))
        .allSatisfy(
            r ->
                assertThat(r.message())
                    .isEqualTo("the block's budget of 16777216 written bytes is spent"));
  }

  @Test
  void aLimitKeepsItsOwnMessage() {
    ExecutedBlock executed = propose(List.of(call(0, "emit", new byte[0])));

    assertThat(executed.receipts().get(0).errorCode()).isEqualTo(BlockExecutor.LIMIT_EXCEEDED);
    assertThat(executed.receipts().get(0).message()).isEqualTo("more than 64 events in one call");
    assertThat(executed.chainCodeErrors()).isEmpty();
  }

  @Test
  void aQueryThatThrowsAnswersWithTheFixedCodeAndTheExceptionForItsReader() {
    Outcome outcome = ledger.query(ThrowingChainCode.NAME, "divide", new byte[0]);

    assertThat(outcome.errorCode()).isEqualTo(BlockExecutor.CHAIN_CODE_ERROR);
    assertThat(outcome.message()).isEqualTo("java.lang.ArithmeticException: / by zero");
  }

  @Test
  void theDevChainLogsTheExceptionTextBesideTheBlock() {
    SimScheduler sim = new SimScheduler(1_000_000);
    MemoryEventLog log = new MemoryEventLog("dev", sim);
    DevChain dev =
        new DevChain(
            new NodeRuntime(sim, sim, new NoTransport(), disk, SeededEntropy.of(1), log),
            ledger,
            chain.validator,
            DevChain.Config.DEFAULT,
            (block, exec, commit) -> {});
    Transaction npe = call(0, "npe", new byte[0]);
    assertThat(dev.submit(npe).isOk()).isTrue();

    dev.produceBlock();

    assertThat(log.records())
        .filteredOn(r -> r.event().equals("tx.chaincode.error"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.level()).isEqualTo(EventLog.Level.WARN);
              assertThat(r.fields())
                  .containsEntry("height", 1L)
                  .containsEntry("tx", npe.hash().hex())
                  .containsEntry("chainCode", ThrowingChainCode.NAME);
              assertThat((String) r.fields().get("exception"))
                  .startsWith("java.lang.NullPointerException");
            });
  }

  @Test
  void aCorruptAccountFailsTheNodeNotTheCall() {
    Address victim = chain.accounts.get(1).address();
    // 's' is the state store's prefix for flat key-values: this overwrites the stored account.
    byte[] flatKey = StateKeys.concat(new byte[] {'s'}, StateKeys.account(victim));
    disk.write(new WriteBatch().put(flatKey, new byte[] {0x7f}));

    assertThatThrownBy(() -> propose(List.of(call(0, "balance", victim.bytes()))))
        .isInstanceOf(CorruptStateException.class);
    assertThatThrownBy(() -> ledger.query(ThrowingChainCode.NAME, "balance", victim.bytes()))
        .isInstanceOf(CorruptStateException.class);
  }

  private static byte[] space() {
    return StateKeys.chainCodeSpace(ThrowingChainCode.NAME);
  }
}
