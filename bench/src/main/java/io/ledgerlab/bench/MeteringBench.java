package io.ledgerlab.bench;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
 * What metering costs: the same compute-heavy chain code ({@link ComputeContract}: a loop of
 * arithmetic into a TreeMap) called plain, and through {@link Sandbox#load}, whose instrumented
 * copy pays a step at every method entry and jump and runs on a fresh instance per call.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class MeteringBench {
  private static final byte[] ARGS = {1, 2, 3};

  private Path jar;
  private ChainCode plain;
  private ChainCode metered;

  @Setup
  public void setUp() throws IOException, SandboxException {
    jar = Files.createTempFile("metering-bench", ".jar");
    String entry = ComputeContract.class.getName().replace('.', '/') + ".class";
    try (InputStream in = ComputeContract.class.getClassLoader().getResourceAsStream(entry);
        OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(in.readAllBytes());
      zip.putNextEntry(new ZipEntry("META-INF/services/io.ledgerlab.chaincode.ChainCode"));
      zip.write(ComputeContract.class.getName().getBytes(StandardCharsets.UTF_8));
    }
    plain = new ComputeContract();
    metered = Sandbox.load(jar, Sandbox.sha256Hex(jar));
    Outcome expected = plain.invoke(null, "run", ARGS);
    Outcome actual = metered.invoke(null, "run", ARGS);
    if (!actual.succeeded() || !Arrays.equals(expected.result(), actual.result())) {
      throw new IllegalStateException("the metered contract disagrees: " + actual);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(jar);
  }

  @Benchmark
  public Outcome plain() {
    return plain.invoke(null, "run", ARGS);
  }

  @Benchmark
  public Outcome metered() {
    return metered.invoke(null, "run", ARGS);
  }
}
