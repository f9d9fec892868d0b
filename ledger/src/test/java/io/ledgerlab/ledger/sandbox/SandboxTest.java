package io.ledgerlab.ledger.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.ledger.sandbox.Meter.Metered;
import io.ledgerlab.ledger.sandbox.samples.AuctionSample;
import io.ledgerlab.ledger.sandbox.samples.BigArraySample;
import io.ledgerlab.ledger.sandbox.samples.BigDecimalSample;
import io.ledgerlab.ledger.sandbox.samples.CapturingLambdaSample;
import io.ledgerlab.ledger.sandbox.samples.CatchThrowableSample;
import io.ledgerlab.ledger.sandbox.samples.ClockSample;
import io.ledgerlab.ledger.sandbox.samples.CollectionHashSample;
import io.ledgerlab.ledger.sandbox.samples.DoublingSample;
import io.ledgerlab.ledger.sandbox.samples.ExceptionTextSample;
import io.ledgerlab.ledger.sandbox.samples.FailingInitSample;
import io.ledgerlab.ledger.sandbox.samples.FileSample;
import io.ledgerlab.ledger.sandbox.samples.HashMapSample;
import io.ledgerlab.ledger.sandbox.samples.HoardSample;
import io.ledgerlab.ledger.sandbox.samples.HugeArraySample;
import io.ledgerlab.ledger.sandbox.samples.LoopSample;
import io.ledgerlab.ledger.sandbox.samples.MapOfSample;
import io.ledgerlab.ledger.sandbox.samples.NativeSample;
import io.ledgerlab.ledger.sandbox.samples.OwnExceptionSample;
import io.ledgerlab.ledger.sandbox.samples.RandomSample;
import io.ledgerlab.ledger.sandbox.samples.RecursionSample;
import io.ledgerlab.ledger.sandbox.samples.ReflectionSample;
import io.ledgerlab.ledger.sandbox.samples.Sample;
import io.ledgerlab.ledger.sandbox.samples.SelfAppendSample;
import io.ledgerlab.ledger.sandbox.samples.StaticCounterSample;
import io.ledgerlab.ledger.sandbox.samples.SwallowSample;
import io.ledgerlab.ledger.sandbox.samples.ThreadSample;
import io.ledgerlab.ledger.sandbox.samples.ThrowingSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxTest {
  @TempDir Path dir;

  private ChainCode load(Class<?> impl) throws Exception {
    Path jar = TestJars.of(dir, impl);
    return Sandbox.load(jar, Sandbox.sha256Hex(jar));
  }

  /** A second node: the same jar bytes, loaded separately. */
  private ChainCode loadOnAnotherNode(Class<?> impl, Path nodeDir) throws Exception {
    Path jar = TestJars.of(nodeDir, impl);
    return Sandbox.load(jar, Sandbox.sha256Hex(jar));
  }

  private static Metered<Outcome> invoke(
      ChainCode code, FakeContext context, String method, byte[] args) {
    return ((SandboxedChainCode) code).call(c -> c.invoke(context, method, args));
  }

  static Stream<Arguments> badSamples() {
    return Stream.of(
        Arguments.of(
            ClockSample.class,
            "run",
            "calls java/lang/System.currentTimeMillis()J",
            JdkRules.CLOCK),
        Arguments.of(
            ThreadSample.class, "run", "calls java/lang/Thread.start()V", JdkRules.THREADS),
        Arguments.of(FileSample.class, "run", "uses java/io/FileInputStream", JdkRules.IO),
        Arguments.of(
            RandomSample.class, "run", "calls java/util/Random.<init>()V", JdkRules.RANDOMNESS),
        Arguments.of(
            ReflectionSample.class,
            "run",
            "calls java/lang/Class.forName(Ljava/lang/String;)Ljava/lang/Class;",
            JdkRules.REFLECTION),
        Arguments.of(
            ReflectionSample.class,
            "run",
            "calls java/lang/Class.getDeclaredMethod",
            JdkRules.REFLECTION),
        Arguments.of(
            NativeSample.class, "peek", "declares native method peek(I)J", JdkRules.NATIVE),
        Arguments.of(
            StaticCounterSample.class,
            "",
            "declares static field calls that is not final",
            JdkRules.STATIC_STATE),
        Arguments.of(
            StaticCounterSample.class,
            "run",
            "writes io/ledgerlab/ledger/sandbox/samples/StaticCounterSample.calls outside its class initialiser",
            JdkRules.STATIC_STATE),
        Arguments.of(
            HashMapSample.class, "run", "calls java/util/HashMap.<init>()V", JdkRules.HASH_ORDER),
        Arguments.of(
            MapOfSample.class,
            "run",
            "calls java/util/Map.of(Ljava/lang/Object;Ljava/lang/Object;",
            JdkRules.HASH_ORDER),
        Arguments.of(
            CatchThrowableSample.class, "run", "catches java/lang/Throwable", JdkRules.ERRORS),
        Arguments.of(
            ExceptionTextSample.class,
            "run",
            "calls java/lang/RuntimeException.getMessage()",
            JdkRules.EXCEPTION_TEXT),
        Arguments.of(
            CollectionHashSample.class,
            "run",
            "calls java/util/List.hashCode()I",
            JdkRules.IDENTITY),
        Arguments.of(
            CapturingLambdaSample.class,
            "",
            "declares static final field COUNTER of mutable type",
            JdkRules.STATIC_STATE),
        Arguments.of(
            BigDecimalSample.class, "run", "uses java/math/BigDecimal", JdkRules.UNMETERED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSamples")
  void aBadJarIsRejectedNamingClassMethodAndCall(
      Class<?> sample, String method, String call, String rule) throws Exception {
    Path jar = TestJars.of(dir, sample);

    List<Violation> violations = Sandbox.check(jar);

    assertThat(violations)
        .anySatisfy(
            v -> {
              assertThat(v.className()).isEqualTo(sample.getName());
              assertThat(v.method()).isEqualTo(method);
              assertThat(v.call()).startsWith(call);
              assertThat(v.rule()).isEqualTo(rule);
            });
    assertThatThrownBy(() -> Sandbox.load(jar, Sandbox.sha256Hex(jar)))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining(
            sample.getName() + (method.isEmpty() ? ": " : "." + method + "(..): ") + call)
        .satisfies(e -> assertThat(((SandboxException) e).violations()).isEqualTo(violations));
  }

  @Test
  void violationsReadAsClassMethodCallAndRule() {
    Violation v =
        new Violation(
            "com.x.Bad", "bid", "calls java/lang/System.currentTimeMillis()J", "reaches the clock");
    assertThat(v)
        .hasToString(
            "com.x.Bad.bid(..): calls java/lang/System.currentTimeMillis()J — reaches the clock");
  }

  @Test
  void theGoodAuctionIsAcceptedAndRuns() throws Exception {
    Path jar = TestJars.of(dir, AuctionSample.class);
    assertThat(Sandbox.check(jar)).isEmpty();
    ChainCode auction = Sandbox.load(jar, Sandbox.sha256Hex(jar));
    FakeContext state = new FakeContext();

    assertThat(auction.name()).isEqualTo("auction");
    assertThat(auction.version()).isEqualTo(1);
    assertThat(auction.invoke(state.as(1), "bid", Args.writer().u64(300).toBytes()).succeeded())
        .isTrue();
    assertThat(auction.invoke(state.as(2), "bid", Args.writer().u64(500).toBytes()).succeeded())
        .isTrue();
    assertThat(auction.invoke(state.as(3), "bid", Args.writer().u64(500).toBytes()).succeeded())
        .isTrue();
    assertThat(state.events)
        .containsExactly("bid{amount=300}", "bid{amount=500}", "bid{amount=500}");
    Outcome leader = auction.query(state, "leader", new byte[0]);

    assertThat(new String(leader.result(), StandardCharsets.UTF_8))
        .isEqualTo(
            "Bid[bidder=0000000000000000000000000000000000000002, amount=500] of 3 bids, 2 amounts;"
                + " taking bids");
    assertThat(auction.invoke(state, "close", new byte[0]).succeeded()).isTrue();
    Outcome late = auction.invoke(state, "bid", Args.writer().u64(900).toBytes());
    assertThat(late.succeeded()).isFalse();
    assertThat(late.message()).isEqualTo("the auction is closed");
  }

  @Test
  void theGoodAuctionCostsTheSameStepsEveryTimeAndOnEveryNode(@TempDir Path otherNode)
      throws Exception {
    ChainCode first = load(AuctionSample.class);
    ChainCode second = loadOnAnotherNode(AuctionSample.class, otherNode);
    byte[] bid = Args.writer().u64(300).toBytes();

    long once = invoke(first, new FakeContext().as(1), "bid", bid).steps();
    long again = invoke(first, new FakeContext().as(1), "bid", bid).steps();
    long elsewhere = invoke(second, new FakeContext().as(1), "bid", bid).steps();

    assertThat(once).isPositive().isEqualTo(again).isEqualTo(elsewhere);
  }

  @Test
  void anEndlessLoopRunsOutOfStepsAlike(@TempDir Path otherNode) throws Exception {
    assertStoppedAlike(
        load(LoopSample.class), loadOnAnotherNode(LoopSample.class, otherNode), "OUT_OF_STEPS");
  }

  @Test
  void endlessRecursionIsTooDeepAlike(@TempDir Path otherNode) throws Exception {
    Metered<Outcome> run =
        assertStoppedAlike(
            load(RecursionSample.class),
            loadOnAnotherNode(RecursionSample.class, otherNode),
            "CALL_TOO_DEEP");
    assertThat(run.steps()).isLessThan(Sandbox.STEPS_PER_CALL);
    assertThat(run.value().message()).contains(run.steps() + " steps");
  }

  @Test
  void aHugeArrayRunsOutOfStepsBeforeItIsMade(@TempDir Path otherNode) throws Exception {
    assertStoppedAlike(
        load(HugeArraySample.class),
        loadOnAnotherNode(HugeArraySample.class, otherNode),
        "OUT_OF_STEPS");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      classes = {
        BigArraySample.class,
        DoublingSample.class,
        HoardSample.class,
        SelfAppendSample.class
      })
  void whatWouldFillAHeapRunsOutOfMemoryAlikeBeforeItDoes(Class<?> sample, @TempDir Path other)
      throws Exception {
    Metered<Outcome> run =
        assertStoppedAlike(load(sample), loadOnAnotherNode(sample, other), "OUT_OF_MEMORY");
    assertThat(run.steps()).isLessThan(Sandbox.STEPS_PER_CALL);
    assertThat(run.value().message())
        .isEqualTo(
            "the call allocated more than its budget of "
                + Sandbox.MEMORY_BYTES_PER_CALL
                + " bytes after "
                + run.steps()
                + " steps");
  }

  @Test
  void aStackOrHeapTheJvmRanOutOfIsAReceiptNotAHaltedChain() {
    for (Throwable t : List.of(new StackOverflowError(), new OutOfMemoryError())) {
      Outcome o = SandboxedChainCode.outcome(new Metered<>(null, t, Meter.State.RUNNING, 7));
      assertThat(o.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
      assertThat(o.message()).isEqualTo("the call exhausted the node's stack or heap");
    }
  }

  @Test
  void aFinallyThatSwallowsTheStopStillEndsOutOfSteps() throws Exception {
    Outcome outcome = load(SwallowSample.class).invoke(new FakeContext(), "go", new byte[0]);
    assertThat(outcome.errorCode()).isEqualTo("OUT_OF_STEPS");
    assertThat(outcome.message()).isEqualTo("the call used its whole budget of 10000000 steps");
  }

  private static Metered<Outcome> assertStoppedAlike(
      ChainCode node1, ChainCode node2, String code) {
    Metered<Outcome> first = invoke(node1, new FakeContext(), "go", new byte[0]);
    Metered<Outcome> again = invoke(node1, new FakeContext(), "go", new byte[0]);
    Metered<Outcome> elsewhere = invoke(node2, new FakeContext(), "go", new byte[0]);
    Outcome outcome = SandboxedChainCode.outcome(first);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.errorCode()).isEqualTo(code);
    for (Metered<Outcome> other : List.of(again, elsewhere)) {
      assertThat(SandboxedChainCode.outcome(other).errorCode()).isEqualTo(code);
      assertThat(SandboxedChainCode.outcome(other).message()).isEqualTo(outcome.message());
    }
    assertThat(first.steps()).isEqualTo(again.steps()).isEqualTo(elsewhere.steps());
    return new Metered<>(outcome, null, first.state(), first.steps());
  }

  @Test
  void aMeantFailureIsItsOutcomeAndAJdkExceptionReachesTheExecutorUnchanged() throws Exception {
    ChainCode code = load(ThrowingSample.class);
    Outcome meant = code.invoke(new FakeContext(), "four", new byte[0]);
    assertThat(meant.errorCode()).isEqualTo("MEANT");
    assertThat(meant.message()).isEqualTo("a failure the code means");
    assertThatThrownBy(() -> code.invoke(new FakeContext(), "five!", new byte[0]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theJarsOwnExceptionsRunNoCodeOutsideTheMeter() throws Exception {
    ChainCode code = load(OwnExceptionSample.class);
    Outcome meant = code.invoke(new FakeContext(), "four", new byte[0]);
    assertThat(meant.errorCode()).isEqualTo("SLY");
    assertThat(meant.message()).as("the message it was made with").isEqualTo("what the code meant");
    assertThatThrownBy(() -> code.invoke(new FakeContext(), "five!", new byte[0]))
        .isInstanceOf(SandboxedChainCode.JarException.class)
        .hasToString(
            SandboxedChainCode.JarException.class.getName()
                + ": the chain code threw "
                + OwnExceptionSample.Loud.class.getName());
  }

  @Test
  void aFailingStaticInitialiserRejectsTheJar() {
    Path jar = TestJars.of(dir, FailingInitSample.class);
    assertThatThrownBy(() -> Sandbox.load(jar, Sandbox.sha256Hex(jar)))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("a class initialiser failed")
        .hasMessageContaining("no divisor today");
  }

  @Test
  void aShaMismatchNamesBothHashes() throws Exception {
    Path jar = TestJars.of(dir, AuctionSample.class);
    String actual = Sandbox.sha256Hex(jar);
    String expected = "00".repeat(32);

    assertThatThrownBy(() -> Sandbox.load(jar, expected))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining(actual)
        .hasMessageContaining(expected);
  }

  @Test
  void aJarWithoutServiceFileIsRejected() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    TestJars.addWithNested(entries, Sample.class);
    TestJars.addWithNested(entries, LoopSample.class);
    Path jar = TestJars.write(dir.resolve("no-service.jar"), entries);

    assertThatThrownBy(() -> Sandbox.load(jar, Sandbox.sha256Hex(jar)))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("<jar>: has no META-INF/services/io.ledgerlab.chaincode.ChainCode");
  }

  @Test
  void aServiceNamingAClassThatIsNotChainCodeIsRejected() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    TestJars.addWithNested(entries, AuctionSample.class);
    entries.put(
        JarContents.SERVICE_FILE,
        "io.ledgerlab.ledger.sandbox.samples.AuctionSample$Phase".getBytes(StandardCharsets.UTF_8));
    Path jar = TestJars.write(dir.resolve("wrong-service.jar"), entries);

    assertThat(Sandbox.check(jar))
        .extracting(Violation::call)
        .contains(
            "is not a public concrete class",
            "does not implement io/ledgerlab/chaincode/ChainCode",
            "has no public no-argument constructor");
  }

  @Test
  void aJarWithTooManyEntriesIsRejected() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i <= Sandbox.JAR_ENTRIES_MAX; i++) {
      entries.put("META-INF/x" + i, new byte[0]);
    }
    Path jar = TestJars.write(dir.resolve("many.jar"), entries);

    assertThat(Sandbox.check(jar))
        .extracting(Violation::toString)
        .contains("<jar>: has more than 4096 entries — jar size limits");
  }

  @Test
  void aJarTooLargeUncompressedIsRejected() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/zeros", new byte[(int) Sandbox.JAR_BYTES_MAX + 1]);
    Path jar = TestJars.write(dir.resolve("large.jar"), entries);

    assertThat(Sandbox.check(jar))
        .extracting(Violation::toString)
        .contains(
            "META-INF/zeros: takes the jar past 33554432 bytes uncompressed — jar size limits");
  }

  @Test
  void nestedJarsAndOtherFilesAreRejected() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    TestJars.addWithNested(entries, Sample.class);
    entries.put("lib/inner.jar", new byte[] {1});
    entries.put("META-INF/native/libx.so", new byte[] {1});
    Path jar = TestJars.write(dir.resolve("nested.jar"), entries);

    assertThat(Sandbox.check(jar))
        .extracting(Violation::className)
        .contains("lib/inner.jar", "META-INF/native/libx.so");
  }

  @Test
  void theLoaderHandsOutOnlyTheSdkTheMeterAndAllowedJdkClasses() throws Exception {
    SandboxLoader loader = new SandboxLoader("empty", Map.of());

    assertThat(loader.loadClass("java.util.TreeMap")).isSameAs(java.util.TreeMap.class);
    assertThat(loader.loadClass("io.ledgerlab.chaincode.ChainCode")).isSameAs(ChainCode.class);
    assertThat(loader.loadClass(Meter.class.getName())).isSameAs(Meter.class);
    for (String hidden :
        List.of(
            "java.util.HashMap",
            "java.lang.System",
            "io.ledgerlab.ledger.crypto.Hex",
            "java.io.File")) {
      assertThatThrownBy(() -> loader.loadClass(hidden)).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void theMeterStaysStoppedOnceItRanOut() {
    Metered<Integer> run =
        Meter.run(
            10,
            Sandbox.MEMORY_BYTES_PER_CALL,
            Sandbox.DEPTH_MAX,
            () -> {
              int survived = 0;
              for (int i = 0; i < 20; i++) {
                try {
                  Meter.step();
                } catch (Error e) {
                  survived++;
                }
              }
              return survived;
            });

    assertThat(run.state()).isEqualTo(Meter.State.OUT_OF_STEPS);
    assertThat(run.value()).isEqualTo(10);
    assertThat(run.steps()).isEqualTo(10);
  }
}
