package io.ledgerlab.ledger.sandbox;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.sandbox.Meter.Metered;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The deterministic sandbox for user chain-code jars: it checks a jar's bytecode, meters it, and
 * loads it in a class loader of its own.
 *
 * <h2>What a jar may hold</h2>
 *
 * At most {@value #JAR_FILE_BYTES_MAX} bytes, {@value #JAR_ENTRIES_MAX} entries and {@value
 * #JAR_BYTES_MAX} bytes uncompressed; only class files and {@code META-INF} entries (no nested
 * jars, native libraries or resources); exactly one class named in {@code
 * META-INF/services/io.ledgerlab.chaincode.ChainCode}, public, concrete, implementing {@link
 * ChainCode}, with a public no-argument constructor.
 *
 * <h2>What its code may do</h2>
 *
 * Every class, method and field it names must be its own, the SDK's ({@code
 * io.ledgerlab.chaincode}), or allowed by the JDK table in {@code JdkRules}, which documents each
 * group. It is rejected for, with the rule named in each {@link Violation}:
 *
 * <ul>
 *   <li><b>the clock</b>: {@code System}, {@code java.time}, {@code Date}, timers;
 *   <li><b>threads and locks</b>: {@code Thread}, {@code java.util.concurrent}, {@code
 *       synchronized} methods and blocks (a monitor shared through an interned string could stall a
 *       node), {@code wait}/{@code notify}, finalizers;
 *   <li><b>randomness</b>: {@code Random}, {@code SecureRandom}, {@code Math.random}, {@code
 *       UUID.randomUUID}, {@code Collections.shuffle}, probable primes;
 *   <li><b>input/output</b>: files, streams, {@code java.nio.file}, channels, {@code java.net};
 *   <li><b>reflection</b>: {@code java.lang.reflect}, {@code java.lang.invoke} (invokedynamic only
 *       with javac's own bootstraps: string concatenation, lambdas, records, switches), any call on
 *       {@code Class}, {@code getClass()}, class literals of other than the jar's own classes;
 *   <li><b>native code</b>: native methods;
 *   <li><b>static mutable state</b>: static fields that are not final, static final fields of a
 *       mutable type (arrays, collections, lambdas, which may capture state; javac's enum {@code
 *       $VALUES} in an enum and switch maps in a synthetic class excepted), and writing a static
 *       field outside its own class initialiser;
 *   <li><b>non-deterministic JDK behaviour</b>: hash-ordered collections ({@code HashMap}, {@code
 *       HashSet}, ...; use {@code TreeMap} or {@code LinkedHashMap}), {@code Map.of}/{@code Set.of}
 *       (order salted per run), identity hash codes and {@code Object.toString} (also through a jar
 *       class that does not override them, and {@code hashCode}/{@code toString} of JDK collections
 *       and Object-taking conversions, which combine their elements'; records whose generated
 *       methods would), a JDK exception's text, the default locale and charset, {@code
 *       java.lang.Math}'s transcendental functions (use {@code StrictMath}), streams;
 *   <li><b>errors</b>: naming or catching {@code Throwable}, {@code Error}, {@code
 *       VirtualMachineError}, {@code StackOverflowError}, {@code OutOfMemoryError} — so the meter's
 *       stop cannot be swallowed (try-with-resources names Throwable, so it is out too);
 *   <li><b>unmetered work</b>: multi-dimensional arrays, {@code String.repeat}, {@code BigDecimal},
 *       {@code Collections.nCopies}, bulk copies ({@code addAll}, {@code putAll}, {@code toArray},
 *       copy constructors);
 *   <li>references to the sandbox's meter or to any other node class.
 * </ul>
 *
 * <h2>How it is metered</h2>
 *
 * Each call gets {@value #STEPS_PER_CALL} steps, {@value #MEMORY_BYTES_PER_CALL} bytes of nominal
 * memory (see {@link Meter}: arrays by their elements, objects and JDK calls at a fixed size,
 * concatenated strings by their length; a call that spends it ends as {@code OUT_OF_MEMORY}) and
 * {@value #DEPTH_MAX} frames of the jar's own methods. A step is charged at every method entry,
 * before every jump and switch, and per element of every array the code allocates (and per unit of
 * size of a few sized JDK calls such as {@code Arrays.copyOf}); nothing depends on time, so every
 * node counts the same. A call that runs out ends as {@code OUT_OF_STEPS}, one that goes too deep
 * as {@code CALL_TOO_DEEP}; the meter stays stopped, so code that survives the stop (a {@code
 * finally} that returns) cannot go on. Every call runs on a fresh instance of the class, so fields
 * carry nothing from one call to the next. Class initialisers run once, at load, within {@value
 * #STEPS_PER_LOAD} steps.
 *
 * <p>Known limits (also in docs/chaincode.md): a JDK call costs one step whatever work it does
 * inside (sorting a long list; multiplying huge BigIntegers is charged by the result, once it
 * exists); identity hashes can still be reached through {@code String.valueOf(Object)}, which javac
 * 19+ emits for every object in a string concatenation; {@code Double.toString}, {@code
 * Character}'s Unicode tables and {@code equalsIgnoreCase} follow the node's JDK version; and a
 * stack overflow inside JDK code (whose frames the depth limit does not count) is a {@code
 * RESOURCE_EXHAUSTED} receipt whose occurrence can depend on a node's thread stack size.
 */
public final class Sandbox {
  /** The steps one invoke or query may use. */
  public static final long STEPS_PER_CALL = 10_000_000;

  /** The steps all of a jar's class initialisers and its name and version may use, at load. */
  public static final long STEPS_PER_LOAD = 10_000_000;

  /**
   * The nominal bytes one call may allocate (see {@link Meter}): far below a node's heap, so no
   * call can make one node run out of memory where another would not.
   */
  public static final long MEMORY_BYTES_PER_CALL = 16L * 1024 * 1024;

  /** The frames of the jar's own methods one call may stack: low enough for any thread stack. */
  public static final int DEPTH_MAX = 200;

  /** The largest jar file accepted. */
  public static final long JAR_FILE_BYTES_MAX = 16L * 1024 * 1024;

  /** The most entries a jar may hold. */
  public static final int JAR_ENTRIES_MAX = 4_096;

  /** The most bytes a jar's entries may hold, uncompressed. */
  public static final long JAR_BYTES_MAX = 32L * 1024 * 1024;

  private static final String CHAIN_CODE = "io/ledgerlab/chaincode/ChainCode";

  private Sandbox() {}

  /**
   * Checks, instruments and loads a chain-code jar. Throws SandboxException listing every
   * violation.
   */
  public static ChainCode load(Path jar, String expectedSha256Hex)
      throws SandboxException, IOException {
    byte[] bytes = readJar(jar);
    String sha = sha256Hex(bytes);
    if (!sha.equalsIgnoreCase(expectedSha256Hex)) {
      throw new SandboxException(
          jar.getFileName() + " has SHA-256 " + sha + ", not the expected " + expectedSha256Hex);
    }
    Checked checked = checkBytes(bytes);
    if (!checked.violations().isEmpty()) {
      throw new SandboxException(
          jar.getFileName() + " is rejected by the chain-code sandbox:", checked.violations());
    }
    Map<String, byte[]> metered = new TreeMap<>();
    for (Map.Entry<String, ClassNode> c : checked.nodes().entrySet()) {
      metered.put(
          c.getKey().replace('/', '.'),
          Metering.instrument(checked.contents().classes().get(c.getKey()), checked.nodes()));
    }
    SandboxLoader loader = new SandboxLoader(String.valueOf(jar.getFileName()), metered);
    return instantiate(jar, loader, metered, checked.contents().service().replace('/', '.'));
  }

  /** Only the check, for a CLI: every violation in the jar (empty = accepted). */
  public static List<Violation> check(Path jar) throws IOException {
    byte[] bytes = JarFiles.read(jar, JAR_FILE_BYTES_MAX);
    if (bytes == null) {
      return List.of(tooLarge());
    }
    return checkBytes(bytes).violations();
  }

  public static String sha256Hex(Path jar) throws IOException {
    return sha256Hex(readJar(jar));
  }

  private static byte[] readJar(Path jar) throws IOException {
    byte[] bytes = JarFiles.read(jar, JAR_FILE_BYTES_MAX);
    if (bytes == null) {
      throw new IOException(jar + ": " + tooLarge().call());
    }
    return bytes;
  }

  private static Violation tooLarge() {
    return Violation.ofJar(
        Violation.JAR, "is larger than " + JAR_FILE_BYTES_MAX + " bytes", JarContents.BOUNDS_RULE);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private record Checked(
      JarContents contents, Map<String, ClassNode> nodes, List<Violation> violations) {}

  private static Checked checkBytes(byte[] bytes) throws IOException {
    JarContents contents = JarContents.read(bytes);
    List<Violation> violations = new ArrayList<>(contents.problems());
    Map<String, ClassNode> nodes = new TreeMap<>();
    for (Map.Entry<String, byte[]> c : contents.classes().entrySet()) {
      try {
        ClassNode node = new ClassNode();
        new ClassReader(c.getValue()).accept(node, ClassReader.SKIP_FRAMES);
        if (!node.name.equals(c.getKey())) {
          violations.add(
              Violation.ofJar(c.getKey() + ".class", "declares class " + node.name, "jar layout"));
        }
        nodes.put(node.name, node);
      } catch (RuntimeException e) {
        violations.add(
            Violation.ofJar(c.getKey() + ".class", "is not a valid class file", "jar layout"));
      }
    }
    violations.addAll(BytecodeCheck.check(nodes));
    if (contents.service() != null) {
      violations.addAll(serviceProblems(contents.service(), nodes));
    }
    return new Checked(contents, nodes, List.copyOf(violations));
  }

  /** What is wrong with the class the service file names, if anything. */
  private static List<Violation> serviceProblems(String service, Map<String, ClassNode> nodes) {
    String where = service.replace('/', '.');
    ClassNode node = nodes.get(service);
    if (node == null) {
      return List.of(
          Violation.ofJar(
              JarContents.SERVICE_FILE, "names " + where + ", which the jar lacks", "jar layout"));
    }
    List<Violation> problems = new ArrayList<>();
    if ((node.access & Opcodes.ACC_PUBLIC) == 0
        || (node.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) != 0) {
      problems.add(new Violation(where, "", "is not a public concrete class", "service class"));
    }
    if (!implementsChainCode(service, nodes)) {
      problems.add(new Violation(where, "", "does not implement " + CHAIN_CODE, "service class"));
    }
    boolean constructor = false;
    for (MethodNode m : node.methods) {
      constructor |=
          m.name.equals("<init>") && m.desc.equals("()V") && (m.access & Opcodes.ACC_PUBLIC) != 0;
    }
    if (!constructor) {
      problems.add(
          new Violation(where, "", "has no public no-argument constructor", "service class"));
    }
    return problems;
  }

  private static boolean implementsChainCode(String name, Map<String, ClassNode> nodes) {
    ClassNode node = nodes.get(name);
    if (node == null) {
      return false;
    }
    for (String iface : node.interfaces) {
      if (iface.equals(CHAIN_CODE) || implementsChainCode(iface, nodes)) {
        return true;
      }
    }
    return node.superName != null && implementsChainCode(node.superName, nodes);
  }

  /**
   * Initialises every class of the jar, then makes one instance for its name and version, each
   * within a budget; a failure in either rejects the jar.
   */
  private static ChainCode instantiate(
      Path jar, SandboxLoader loader, Map<String, byte[]> metered, String service)
      throws SandboxException {
    Metered<Object> init =
        Meter.run(
            STEPS_PER_LOAD,
            MEMORY_BYTES_PER_CALL,
            DEPTH_MAX,
            () -> {
              for (String name : metered.keySet()) {
                try {
                  Class.forName(name, true, loader);
                } catch (ClassNotFoundException e) {
                  throw new IllegalStateException(name + " is in the jar but cannot be loaded", e);
                }
              }
              return null;
            });
    if (init.stopped() || init.thrown() != null) {
      throw new SandboxException(jar.getFileName() + ": a class initialiser failed: " + why(init));
    }
    MethodHandle constructor;
    try {
      Class<?> impl = Class.forName(service, false, loader);
      constructor =
          MethodHandles.publicLookup()
              .findConstructor(impl, MethodType.methodType(void.class))
              .asType(MethodType.methodType(ChainCode.class));
    } catch (ReflectiveOperationException e) {
      throw new SandboxException(jar.getFileName() + ": cannot construct " + service + ": " + e);
    }
    Metered<Object[]> identity =
        Meter.run(
            STEPS_PER_CALL,
            MEMORY_BYTES_PER_CALL,
            DEPTH_MAX,
            () -> {
              ChainCode code = SandboxedChainCode.newInstance(constructor);
              return new Object[] {code.name(), code.version()};
            });
    if (identity.stopped() || identity.thrown() != null || identity.value()[0] == null) {
      throw new SandboxException(
          jar.getFileName()
              + ": "
              + service
              + " cannot tell its name and version: "
              + why(identity));
    }
    return new SandboxedChainCode(
        (String) identity.value()[0], (Integer) identity.value()[1], constructor);
  }

  private static String why(Metered<?> run) {
    if (run.stopped()) {
      return switch (run.state()) {
        case TOO_DEEP -> "it went deeper than " + DEPTH_MAX + " frames";
        case OUT_OF_MEMORY -> "it allocated more than " + MEMORY_BYTES_PER_CALL + " bytes";
        default -> "it used its whole budget of steps";
      };
    }
    Throwable t = run.thrown();
    if (t == null) {
      return "it returned null";
    }
    Throwable cause =
        t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
    return cause.toString();
  }
}
