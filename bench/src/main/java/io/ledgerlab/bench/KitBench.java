package io.ledgerlab.bench;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.junit.ChainCodeKit;
import io.ledgerlab.junit.Receipt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a unit test of chain code costs in the kit: a fresh {@link ChainCodeKit} with two funded
 * accounts, ten calls and a query with their receipts — the body of a typical test, without JUnit's
 * own overhead.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class KitBench {
  private final Address alice = ChainCodeKit.account("alice");
  private final Address bob = ChainCodeKit.account("bob");

  @Benchmark
  public Receipt aUnitTest() {
    return test(ChainCodeKit.of(new BoxOffice()));
  }

  /**
   * The same test as a contract's tests run it: {@code of(Class)} packs the class into a jar and
   * loads it through the node's sandbox (check, instrument, class loader) for every test.
   */
  @Benchmark
  public Receipt aUnitTestThroughTheSandbox() {
    return test(ChainCodeKit.of(BoxOffice.class));
  }

  private Receipt test(ChainCodeKit fresh) {
    ChainCodeKit kit = fresh.fund(alice, 1_000).fund(bob, 1_000);
    for (int i = 0; i < 10; i++) {
      kit.as(i % 2 == 0 ? alice : bob).invoke("sell", BoxOffice.sell(3)).assertOk();
      kit.nextBlock();
    }
    return kit.query("sold", new byte[0]).assertOk();
  }
}
