package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.MemoryDisk;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one chain from a fixed seed and genesis time, with chain-code calls that throw JDK
 * exceptions, and prints every block's receipts root and hash. {@link CrossJdkReceiptsTest} runs it
 * on several JDKs and flags: the lines must be the same everywhere.
 */
public final class ReceiptRootsMain {
  static final long GENESIS_TIME_MICROS = 1_767_225_600_000_000L;
  static final List<List<String>> BLOCKS =
      List.of(
          List.of("put", "npe"),
          List.of("divide", "index"),
          List.of("substring", "npe", "put"),
          List.of("index", "substring", "divide"));

  private ReceiptRootsMain() {}

  public static void main(String[] args) {
    for (String line : run()) {
      System.out.println(line);
    }
  }

  /** One line per block, then one per receipt: what the run committed. */
  static List<String> run() {
    TestChain chain =
        new TestChain(
            42,
            2,
            1_000_000,
            b -> b.timeMicros(GENESIS_TIME_MICROS).chainCode(ThrowingChainCode.NAME, 1));
    Ledger ledger =
        chain.open(
            new MemoryDisk(), ChainCodeRegistry.builtins().register(new ThrowingChainCode()));
    List<String> out = new ArrayList<>();
    long nonce = 0;
    for (List<String> methods : BLOCKS) {
      List<Transaction> txs = new ArrayList<>();
      for (String method : methods) {
        txs.add(chain.call(0, nonce++, ThrowingChainCode.NAME, 1, method, new byte[0]));
      }
      txs.add(chain.call(1, ledger.height(), KvChainCode.NAME, 1, "put", kvArgs(ledger)));
      ExecutedBlock executed =
          ledger
              .executor()
              .propose(
                  ledger.chainId(),
                  ledger.head(),
                  txs,
                  ledger.head().timeMicros() + 1_000_000,
                  chain.validator.address(),
                  CommitCertificate.EMPTY);
      if (!executed.dropped().isEmpty()) {
        throw new IllegalStateException("the proposer dropped " + executed.dropped());
      }
      ledger.commit(executed);
      out.add(
          "block "
              + executed.block().height()
              + " hash "
              + executed.block().hash().hex()
              + " receipts "
              + executed.block().header().receiptsRoot().hex());
      for (Receipt r : executed.receipts()) {
        out.add("  " + (r.ok() ? "ok" : r.errorCode() + " '" + r.message() + "'"));
      }
    }
    return out;
  }

  private static byte[] kvArgs(Ledger ledger) {
    byte h = (byte) ledger.height();
    return KvChainCode.putArgs(new byte[] {h}, new byte[] {h, h});
  }
}
