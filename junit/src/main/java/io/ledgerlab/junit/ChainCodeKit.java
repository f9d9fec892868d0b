package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.ChainCodeLimitException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.ledger.exec.BlockExecutor;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.SandboxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs chain code in this thread against an in-memory, deterministic chain: no nodes, no network,
 * milliseconds per test. {@link #of(Class[])} loads each class through the node's sandbox (bytecode
 * check, metering, a fresh instance per call), so a call runs as it would on a node; {@link
 * #of(ChainCode[])} runs plain instances as they are. It keeps what the chain keeps — each chain
 * code's own key space in unsigned byte order, the native balances, the height and block time — and
 * treats a call as a block would: a failed outcome or a {@link ChainCodeException} discards the
 * call's writes and events; any other exception becomes {@code CHAIN_CODE_ERROR}; the node's limits
 * on keys, values, writes, events and ranges apply, and breaking one is {@code LIMIT_EXCEEDED}.
 *
 * <pre>{@code
 * ChainCodeKit kit = ChainCodeKit.of(Auction.class);
 * Address alice = kit.account("alice");
 * Address bob = kit.account("bob");
 * kit.fund(alice, 1_000);
 *
 * kit.as(alice).invoke("bid", Args.writer().u64(10).toBytes()).assertOk().assertEvent("bid");
 * kit.as(bob).invoke("bid", Args.writer().u64(5).toBytes()).assertFails("BID_TOO_LOW");
 *
 * ChainCodeKit.Snapshot before = kit.snapshot();
 * kit.nextBlock(Duration.ofHours(1));
 * kit.as(alice).invoke("close", new byte[0]).assertOk();
 * kit.revert(before); // as if the hour and the close never happened
 * }</pre>
 *
 * <p>Not thread-safe: one kit per test.
 */
public final class ChainCodeKit {
  /** Where the kit's clock starts: 2026-01-01T00:00:00Z, as the simulator's. */
  public static final Instant GENESIS_TIME = Instant.parse("2026-01-01T00:00:00Z");

  /** How far {@link #nextBlock()} moves the block time. */
  public static final Duration BLOCK_INTERVAL = Duration.ofSeconds(1);

  private static final Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  private final Map<String, ChainCode> codes = new LinkedHashMap<>();
  private State state = new State();
  private Address caller;
  private long calls;

  private ChainCodeKit(List<ChainCode> codes) {
    if (codes.isEmpty()) {
      throw new IllegalArgumentException("a kit needs at least one chain code");
    }
    for (ChainCode c : codes) {
      if (this.codes.putIfAbsent(c.name(), c) != null) {
        throw new IllegalArgumentException("two chain codes named '" + c.name() + "'");
      }
      state.spaces.put(c.name(), new TreeMap<>(Arrays::compareUnsigned));
    }
    this.caller = account("deployer");
  }

  /**
   * A kit at height 1 running {@code codes} exactly as a node does: each class is packed as {@link
   * ChainCodeJar} packs it for a network and loaded through the node's sandbox, so its bytecode is
   * checked here, every call is metered ({@code OUT_OF_STEPS}, {@code OUT_OF_MEMORY}, {@code
   * CALL_TOO_DEEP}) and runs on a fresh instance. The caller is the account named "deployer".
   *
   * @throws IllegalArgumentException when the sandbox refuses a class; the message lists every
   *     violation, as a node's refusal would
   */
  @SafeVarargs
  public static ChainCodeKit of(Class<? extends ChainCode>... codes) {
    List<ChainCode> loaded = new ArrayList<>();
    Path dir;
    try {
      dir = Files.createTempDirectory("ledgerlab-kit-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for the chain-code jars", e);
    }
    try {
      for (int i = 0; i < codes.length; i++) {
        Path jar = ChainCodeJar.write(codes[i], dir.resolve(Integer.toString(i)));
        loaded.add(Sandbox.load(jar, Sandbox.sha256Hex(jar)));
      }
    } catch (SandboxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack or load chain code for the kit", e);
    } finally {
      deleteQuietly(dir);
    }
    return new ChainCodeKit(loaded);
  }

  /**
   * A kit at height 1 running {@code codes} as they are, in this JVM, without the node's sandbox:
   * no bytecode check, no metering, and the same instance for every call (so a field carries over
   * from one call to the next, as it never does on a node). Prefer {@link #of(Class[])}; this is
   * for code a node would not load as it stands, such as a test double. The caller is the account
   * named "deployer".
   */
  public static ChainCodeKit of(ChainCode... codes) {
    return new ChainCodeKit(List.of(codes));
  }

  /** The jars are read into memory at load, so their directory can go at once. */
  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temp directory left behind costs a few kilobytes; the kit is loaded either way.
    }
  }

  // ---- Accounts ---------------------------------------------------------------------------------

  /** The address of the test account {@code name}: the same name gives the same address. */
  public static Address account(String name) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(("ledgerlab test account " + name).getBytes(StandardCharsets.UTF_8));
      return Address.of(Arrays.copyOf(hash, Address.LENGTH));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Credits {@code amount} native tokens to {@code account}, as genesis would. */
  public ChainCodeKit fund(Address account, long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("cannot fund a negative amount: " + amount);
    }
    state.balances.merge(account, amount, Math::addExact);
    return this;
  }

  public long balanceOf(Address account) {
    return state.balances.getOrDefault(account, 0L);
  }

  /** Makes {@code account} the caller of the calls that follow; returns this kit. */
  public ChainCodeKit as(Address account) {
    this.caller = account;
    return this;
  }

  /** Makes the test account {@code name} the caller of the calls that follow. */
  public ChainCodeKit as(String name) {
    return as(account(name));
  }

  public Address caller() {
    return caller;
  }

  // ---- Where the chain is -----------------------------------------------------------------------

  public long height() {
    return state.height;
  }

  public long blockTimeMicros() {
    return state.timeMicros;
  }

  /** The next block: one higher, {@link #BLOCK_INTERVAL} later. */
  public ChainCodeKit nextBlock() {
    return nextBlock(BLOCK_INTERVAL);
  }

  /** The next block, {@code later} after this one. */
  public ChainCodeKit nextBlock(Duration later) {
    if (later.isNegative()) {
      throw new IllegalArgumentException("block time cannot go back: " + later);
    }
    state.height++;
    state.timeMicros = Math.addExact(state.timeMicros, later.toNanos() / 1_000);
    return this;
  }

  /** Jumps to {@code height}, which may not be below the current one. */
  public ChainCodeKit atHeight(long height) {
    if (height < state.height) {
      throw new IllegalArgumentException(
          "height cannot go back from " + state.height + " to " + height);
    }
    state.height = height;
    return this;
  }

  /** Sets the block time, which may not be before the current one. */
  public ChainCodeKit atTime(Instant time) {
    long micros =
        Math.addExact(
            Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    if (micros < state.timeMicros) {
      throw new IllegalArgumentException("block time cannot go back to " + time);
    }
    state.timeMicros = micros;
    return this;
  }

  // ---- Calls ------------------------------------------------------------------------------------

  /** Calls {@code method} of the kit's only chain code as the current caller. */
  public Receipt invoke(String method, byte[] args) {
    return invoke(only(), method, args);
  }

  /** Calls {@code method} of {@code chainCode} as the current caller, in the current block. */
  public Receipt invoke(String chainCode, String method, byte[] args) {
    ChainCode code = code(chainCode);
    String tx = "kit-" + ++calls;
    State work = state.copyFor(chainCode);
    KitContext context = new KitContext(work, chainCode, caller);
    RuntimeException thrown = null;
    Outcome outcome;
    try {
      outcome = stable(code.invoke(context, method, args.clone()));
    } catch (ChainCodeException e) {
      outcome = stable(e.toOutcome());
    } catch (ChainCodeLimitException e) {
      outcome = Outcome.fail(BlockExecutor.LIMIT_EXCEEDED, e.getMessage());
    } catch (RuntimeException e) {
      thrown = e;
      outcome =
          Outcome.fail(BlockExecutor.CHAIN_CODE_ERROR, BlockExecutor.CHAIN_CODE_ERROR_MESSAGE);
    }
    if (!outcome.succeeded()) {
      return new Receipt(
          tx,
          state.height,
          false,
          outcome.errorCode(),
          outcome.message(),
          new byte[0],
          List.of(),
          thrown);
    }
    state = work;
    state.events.addAll(context.events());
    return new Receipt(tx, state.height, true, "", "", outcome.result(), context.events(), null);
  }

  /** Asks the kit's only chain code a read-only question. */
  public Receipt query(String method, byte[] args) {
    return query(only(), method, args);
  }

  /**
   * Asks {@code chainCode} a read-only question; the receipt has no events, and a query that tries
   * to write or to learn its caller fails with {@code CHAIN_CODE_ERROR}, as on a node.
   */
  public Receipt query(String chainCode, String method, byte[] args) {
    ChainCode code = code(chainCode);
    String tx = "query-" + ++calls;
    KitContext context = new KitContext(state.copyFor(chainCode), chainCode, null);
    try {
      Outcome o = code.query(context, method, args.clone());
      if (o == null) {
        o = Outcome.fail(BlockExecutor.CHAIN_CODE_ERROR, "the chain code returned no outcome");
      }
      return new Receipt(
          tx, state.height, o.succeeded(), o.errorCode(), o.message(), o.result(), List.of(), null);
    } catch (ChainCodeException e) {
      return new Receipt(
          tx, state.height, false, e.code(), e.getMessage(), new byte[0], List.of(), null);
    } catch (RuntimeException e) {
      return new Receipt(
          tx,
          state.height,
          false,
          BlockExecutor.CHAIN_CODE_ERROR,
          e.toString(),
          new byte[0],
          List.of(),
          e);
    }
  }

  /** Every event of every successful call so far, in order. */
  public List<Receipt.Event> events() {
    return List.copyOf(state.events);
  }

  /** The value under {@code key} in {@code chainCode}'s space, or null: for assertions. */
  public byte[] stored(String chainCode, byte[] key) {
    code(chainCode);
    byte[] v = state.spaces.get(chainCode).get(key);
    return v == null ? null : v.clone();
  }

  /** How many keys {@code chainCode} holds. */
  public int size(String chainCode) {
    code(chainCode);
    return state.spaces.get(chainCode).size();
  }

  // ---- Snapshots --------------------------------------------------------------------------------

  /** Everything the kit holds now, to {@link #revert} to later (as Hardhat's evm_snapshot). */
  public Snapshot snapshot() {
    return new Snapshot(state.deepCopy(), caller);
  }

  /** Puts back the state, balances, height, time, events and caller of {@code snapshot}. */
  public ChainCodeKit revert(Snapshot snapshot) {
    state = snapshot.state.deepCopy();
    caller = snapshot.caller;
    return this;
  }

  /** A copy of everything a kit held at one moment. */
  public static final class Snapshot {
    private final State state;
    private final Address caller;

    private Snapshot(State state, Address caller) {
      this.state = state;
      this.caller = caller;
    }

    public long height() {
      return state.height;
    }
  }

  // ---- Internals --------------------------------------------------------------------------------

  private String only() {
    if (codes.size() != 1) {
      throw new IllegalStateException(
          "the kit runs " + codes.keySet() + ": name the chain code to call");
    }
    return codes.keySet().iterator().next();
  }

  private ChainCode code(String name) {
    ChainCode c = codes.get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "no chain code '" + name + "' in this kit; it runs " + codes.keySet());
    }
    return c;
  }

  /** What the node's receipt can carry, as BlockExecutor makes it so. */
  private static Outcome stable(Outcome outcome) {
    if (outcome == null) {
      return Outcome.fail(BlockExecutor.CHAIN_CODE_ERROR, "the chain code returned no outcome");
    }
    if (!outcome.succeeded() && !ERROR_CODE.matcher(outcome.errorCode()).matches()) {
      return Outcome.fail(
          "BAD_ERROR_CODE", "error codes are 1 to 64 of A-Z, 0-9 and _, starting with a letter");
    }
    int size = outcome.result().length;
    if (size > io.ledgerlab.ledger.block.Receipt.RESULT_BYTES_MAX) {
      return Outcome.fail(
          "RESULT_TOO_LARGE",
          size + " result bytes exceed " + io.ledgerlab.ledger.block.Receipt.RESULT_BYTES_MAX);
    }
    return outcome;
  }

  /** Everything a kit holds; a call works on a copy of its own space and the balances. */
  static final class State {
    final Map<String, TreeMap<byte[], byte[]>> spaces = new LinkedHashMap<>();
    TreeMap<Address, Long> balances = new TreeMap<>();
    final List<Receipt.Event> events = new ArrayList<>();
    long height = 1;
    long timeMicros = GENESIS_TIME.getEpochSecond() * 1_000_000L;

    /** A state that shares all but {@code chainCode}'s space and the balances. */
    State copyFor(String chainCode) {
      State s = shallow();
      s.spaces.put(chainCode, new TreeMap<>(spaces.get(chainCode)));
      s.balances = new TreeMap<>(balances);
      return s;
    }

    State deepCopy() {
      State s = shallow();
      spaces.forEach((k, v) -> s.spaces.put(k, new TreeMap<>(v)));
      s.balances = new TreeMap<>(balances);
      return s;
    }

    private State shallow() {
      State s = new State();
      s.spaces.putAll(spaces);
      s.balances = balances;
      s.events.addAll(events);
      s.height = height;
      s.timeMicros = timeMicros;
      return s;
    }
  }
}
