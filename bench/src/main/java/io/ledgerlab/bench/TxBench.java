package io.ledgerlab.bench;

import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.TxRules;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What admitting one signed transfer costs: decoding it from the wire, then the stateless checks,
 * the signature and the checks against committed state, the way a node's admission runs them.
 */
// The same fixed, pre-touched heap as BlockBench, for the reason given there.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TxBench {
  private BenchChain.BenchDisk disk;
  private Ledger ledger;
  private TxRules rules;
  private byte[] encoded;
  private Transaction decoded;

  @Setup
  public void setUp() throws DecodeException {
    KeyPair sender = BenchChain.key(0);
    KeyPair recipient = BenchChain.key(1);
    disk = BenchChain.BenchDisk.open(BenchChain.BenchDisk.MEMORY);
    ledger = BenchChain.open(disk.disk(), BenchChain.genesis(List.of(sender, recipient)));
    rules = ledger.rules();
    Transaction tx =
        Transaction.sign(
            ledger.chainId(), sender, 0, new Payload.Transfer(recipient.address(), 1_000));
    encoded = tx.encoded();
    decoded = Transaction.decode(encoded);
    TxCheck check = decodeAndValidate();
    if (!check.isOk()) {
      throw new IllegalStateException("the benchmark transaction is rejected: " + check);
    }
  }

  @TearDown
  public void tearDown() {
    disk.close();
  }

  @Benchmark
  public Transaction decode() throws DecodeException {
    return Transaction.decode(encoded);
  }

  /** Warmed up as long as {@link Ed25519Bench#verify}, whose cost it is mostly made of. */
  @Benchmark
  @Warmup(iterations = 10, time = 2)
  public TxCheck decodeAndValidate() throws DecodeException {
    Transaction tx = Transaction.decode(encoded);
    TxCheck check = rules.stateless(tx);
    if (check.isOk()) {
      check = rules.signature(tx);
    }
    if (check.isOk()) {
      StateReader state = ledger.state();
      check =
          rules.stateful(
              tx, state, ledger.account(tx.senderAddress()).nonce(), ledger.height() + 1);
    }
    return check;
  }

  /** The checks without decoding or the signature: what is left once both are paid for. */
  @Benchmark
  public TxCheck validateWithoutSignature() {
    TxCheck check = rules.stateless(decoded);
    if (check.isOk()) {
      check =
          rules.stateful(
              decoded,
              ledger.state(),
              ledger.account(decoded.senderAddress()).nonce(),
              ledger.height() + 1);
    }
    return check;
  }
}
