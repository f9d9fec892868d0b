package io.ledgerlab.bench;

import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.JdkEd25519;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.crypto.Signature;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 sign and verify for each provider the chain could use, on a transaction-sized message.
 * The score is operations per second on one thread, that is per core.
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
public class Ed25519Bench {
  /** About the size of an encoded transfer transaction with its signature. */
  static final int MESSAGE_BYTES = 150;

  /** {@code bouncycastle}: {@link Ed25519#standard()}; {@code sunec}: {@link JdkEd25519}. */
  @Param({"bouncycastle", "sunec"})
  public String provider;

  private Ed25519 ed25519;
  private byte[] seed;
  private PublicKey publicKey;
  private byte[] message;
  private Signature signature;

  @Setup
  public void setUp() {
    ed25519 =
        switch (provider) {
          case "bouncycastle" -> Ed25519.standard();
          case "sunec" -> JdkEd25519.INSTANCE;
          default ->
              throw new IllegalArgumentException(
                  "provider must be bouncycastle or sunec, got '" + provider + "'");
        };
    seed = Sha256.hash("ledgerlab-bench/ed25519".getBytes(StandardCharsets.UTF_8)).bytes();
    publicKey = ed25519.publicKey(seed);
    message = new byte[MESSAGE_BYTES];
    new SplittableRandom(7).nextBytes(message);
    signature = ed25519.sign(seed, publicKey, message);
    if (!ed25519.verify(publicKey, message, signature)
        || !Ed25519.standard().verify(publicKey, message, signature)) {
      throw new IllegalStateException(provider + " made a signature that does not verify");
    }
  }

  @Benchmark
  public Signature sign() {
    return ed25519.sign(seed, publicKey, message);
  }

  /**
   * BouncyCastle's verification reaches its steady speed only after 10 to 20 seconds of JIT work
   * here, about 25% above where it stands after the default 6; SunEC does not care.
   */
  @Benchmark
  @Warmup(iterations = 10, time = 2)
  public boolean verify() {
    return ed25519.verify(publicKey, message, signature);
  }
}
