package io.ledgerlab.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.state.StateAudit;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.net.NoTransport;
import io.ledgerlab.runtime.sim.SimScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevChainTest {
  private final TestChain chain = new TestChain(7, 4, 1_000);
  private final SimScheduler sim = new SimScheduler(1_700_000_000_000_000L);
  private final MemoryDisk disk = new MemoryDisk();
  private final Ledger ledger = chain.open(disk);
  private final List<ExecutedBlock> committed = new ArrayList<>();
  private final DevChain dev =
      new DevChain(
          new NodeRuntime(
              sim,
              sim,
              new NoTransport(),
              disk,
              SeededEntropy.of(1),
              io.ledgerlab.runtime.log.EventLog.NONE),
          ledger,
          chain.validator,
          DevChain.Config.DEFAULT.withBlockIntervalMicros(100_000),
          (block, exec, commit) -> committed.add(block));

  @Test
  void ordersSubmittedTransactionsIntoBlocksOnTheTimer() {
    dev.start();
    for (int nonce = 0; nonce < 3; nonce++) {
      assertThat(dev.submit(chain.transfer(0, 1, nonce, 10)).isOk()).isTrue();
    }
    sim.runFor(150_000);
    assertThat(committed).hasSize(1);
    assertThat(committed.get(0).block().transactions()).hasSize(3);
    assertThat(ledger.height()).isEqualTo(1);
    assertThat(ledger.account(chain.accounts.get(0).address()))
        .satisfies(
            a -> {
              assertThat(a.balance()).isEqualTo(970);
              assertThat(a.nonce()).isEqualTo(3);
            });
    sim.runFor(1_000_000);
    assertThat(ledger.height()).as("no empty blocks by default").isEqualTo(1);
    assertThat(dev.pendingTransactions()).isZero();
  }

  @Test
  void pendingNoncesChainButGapsAndReplaysAreRejected() {
    Transaction first = chain.transfer(0, 1, 0, 5);
    assertThat(dev.submit(first).isOk()).isTrue();
    assertThat(dev.submit(first).reason()).isEqualTo(RejectReason.DUPLICATE);
    assertThat(dev.submit(chain.transfer(0, 1, 2, 5)).reason()).isEqualTo(RejectReason.BAD_NONCE);
    assertThat(dev.submit(chain.transfer(0, 1, 1, 5)).isOk()).isTrue();
    dev.produceBlock();
    assertThat(dev.submit(first).reason()).isEqualTo(RejectReason.BAD_NONCE);
  }

  @Test
  void aFailedCallKeepsNoWritesButConsumesTheNonce() {
    KeyPair sender = chain.accounts.get(2);
    Transaction overdraw =
        chain.call(
            2,
            0,
            TokenChainCode.NAME,
            1,
            TokenChainCode.TRANSFER,
            TokenChainCode.transferArgs(chain.accounts.get(3).address(), 5_000));
    Transaction put =
        chain.call(2, 1, KvChainCode.NAME, 1, "put", KvChainCode.putArgs(bytes("k"), bytes("v")));
    assertThat(dev.submit(overdraw).isOk()).isTrue();
    assertThat(dev.submit(put).isOk()).isTrue();
    ExecutedBlock block = dev.produceBlock();

    List<Receipt> receipts = ledger.receipts(1);
    assertThat(receipts).hasSize(2);
    assertThat(receipts.get(0).ok()).isFalse();
    assertThat(receipts.get(0).errorCode()).isEqualTo(TokenChainCode.INSUFFICIENT_BALANCE);
    assertThat(receipts.get(1).ok()).isTrue();
    assertThat(receipts.get(1).events())
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo("put"));
    assertThat(ledger.account(sender.address()).balance()).isEqualTo(1_000);
    assertThat(ledger.account(sender.address()).nonce()).isEqualTo(2);
    assertThat(ledger.query(KvChainCode.NAME, "get", KvChainCode.keyArgs(bytes("k"))).result())
        .isEqualTo(bytes("v"));
    assertThat(ledger.findTx(put.hash()))
        .hasValueSatisfying(loc -> assertThat(loc.index()).isEqualTo(1));
    assertThat(ledger.block(1)).hasValue(block.block());
  }

  @Test
  void everyCommittedBlockReplaysOnAFreshNodeToTheSameRoots() throws Exception {
    dev.start();
    for (int i = 0; i < 4; i++) {
      dev.submit(chain.transfer(i, (i + 1) % 4, 0, 100 + i));
      sim.runFor(100_000);
    }
    Ledger replica = chain.open(new MemoryDisk());
    for (long h = 1; h <= ledger.height(); h++) {
      var block = ledger.block(h).orElseThrow();
      replica.commit(replica.executor().replay(replica.chainId(), replica.head(), block, true));
    }
    assertThat(replica.head()).isEqualTo(ledger.head());
    assertThat(StateAudit.recomputeRoot(ledger.state())).isEqualTo(ledger.head().stateRoot());
  }

  @Test
  void aBlockWithATamperedStateRootIsRejectedByReplay() {
    dev.submit(chain.transfer(0, 1, 0, 10));
    ExecutedBlock block = dev.produceBlock();
    var h = block.block().header();
    var forged =
        new io.ledgerlab.ledger.block.Block(
            new io.ledgerlab.ledger.block.BlockHeader(
                h.chainId(),
                h.height(),
                h.timeMicros(),
                h.previousHash(),
                h.txRoot(),
                h.txRoot(),
                h.receiptsRoot(),
                h.evidenceRoot(),
                h.proposer(),
                h.lastCommit()),
            block.block().transactions());
    Ledger replica = chain.open(new MemoryDisk());
    assertThatThrownBy(
            () -> replica.executor().replay(replica.chainId(), replica.head(), forged, true))
        .hasMessageContaining("state root");
  }

  @Test
  void refusesAGenesisWhoseValidatorIsNotThisNode() {
    KeyPair stranger = KeyPair.generate(SeededEntropy.of(99));
    assertThatThrownBy(
            () ->
                new DevChain(
                    new NodeRuntime(
                        sim,
                        sim,
                        new NoTransport(),
                        disk,
                        SeededEntropy.of(1),
                        io.ledgerlab.runtime.log.EventLog.NONE),
                    ledger,
                    stranger,
                    DevChain.Config.DEFAULT,
                    (b, e, c) -> {}))
        .hasMessageContaining("exactly one validator");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
