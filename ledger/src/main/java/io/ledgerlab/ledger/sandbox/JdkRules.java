package io.ledgerlab.ledger.sandbox;

import java.util.List;
import java.util.Set;
import org.objectweb.asm.Type;

/**
 * The one table of what user chain code may use from the JDK, as data. Names are JVM internal names
 * ({@code java/util/TreeMap}). A reference is judged in this order: a denied member, then a denied
 * class or package, then the allowlist; anything on none of them is rejected as not on the
 * allowlist. Keep it small: every entry is a promise that the API gives the same answer on every
 * node, on every JDK build we run, whatever the clock, the thread, the heap or the host.
 */
final class JdkRules {
  static final String CLOCK = "reaches the clock";
  static final String THREADS = "threads and locks";
  static final String RANDOMNESS = "randomness";
  static final String IO = "input/output";
  static final String REFLECTION = "reflection";
  static final String NATIVE = "native code";
  static final String STATIC_STATE = "static mutable state";
  static final String HASH_ORDER = "iteration order depends on hashing";
  static final String IDENTITY = "reaches the identity hash code";
  static final String EXCEPTION_TEXT = "reads a JDK exception's text, which differs between JDKs";
  static final String LOCALE = "depends on the default locale or charset";
  static final String PLATFORM_MATH = "floating point that may differ by platform (use StrictMath)";
  static final String SYSTEM = "reaches the JVM, its process or its environment";
  static final String ERRORS = "names an Error or Throwable, which the meter's stop must pass";
  static final String UNMETERED = "work the meter cannot charge";
  static final String STREAMS = "streams (can run in parallel, collect into hashed collections)";
  static final String METER = "refers to the sandbox's meter";
  static final String HOST = "refers to node internals";
  static final String NOT_ALLOWED = "not on the JDK allowlist";

  /** Any owner, in {@link Member#owner}. */
  private static final String ANY = "*";

  private JdkRules() {}

  /** A denied method or field: owner ({@code *} for any), name ({@code *} for any), descriptor. */
  private record Member(String owner, String name, String desc, String rule) {
    boolean matches(String o, String n, String d) {
      return (owner.equals(ANY) || owner.equals(o))
          && (name.equals(ANY) || name.equals(n))
          && (desc == null || desc.equals(d));
    }
  }

  /** A denied class (exact name) or package (a prefix ending in '/'). */
  private record Denied(String prefix, String rule) {
    boolean matches(String internalName) {
      return prefix.endsWith("/") ? internalName.startsWith(prefix) : prefix.equals(internalName);
    }
  }

  private static Member member(String owner, String name, String desc, String rule) {
    return new Member(owner, name, desc, rule);
  }

  private static Member member(String owner, String name, String rule) {
    return new Member(owner, name, null, rule);
  }

  private static final List<Member> DENIED_MEMBERS =
      List.of(
          // System is denied whole below; its clocks are named as the clock, which they are.
          member("java/lang/System", "currentTimeMillis", CLOCK),
          member("java/lang/System", "nanoTime", CLOCK),
          // java.lang.Object: identity hash codes and toString differ per run; wait/notify are
          // threads; getClass is reflection; finalizers run on the collector's thread.
          member("java/lang/Object", "hashCode", IDENTITY),
          member("java/lang/Object", "toString", IDENTITY),
          member("java/lang/Enum", "hashCode", IDENTITY),
          member(ANY, "getClass", "()Ljava/lang/Class;", REFLECTION),
          member(ANY, "wait", THREADS),
          member(ANY, "notify", "()V", THREADS),
          member(ANY, "notifyAll", "()V", THREADS),
          member(ANY, "finalize", "()V", THREADS),
          member("java/lang/Enum", "getDeclaringClass", REFLECTION),
          member("java/lang/Enum", "describeConstable", REFLECTION),
          // A Class is a legal type (Enum.valueOf takes one), but nothing may be asked of it.
          member("java/lang/Class", ANY, REFLECTION),
          // Things that print or walk the stack.
          member(ANY, "printStackTrace", IO),
          member(ANY, "getStackTrace", REFLECTION),
          member(ANY, "fillInStackTrace", REFLECTION),
          // Randomness hidden in otherwise pure classes.
          member("java/lang/Math", "random", RANDOMNESS),
          member("java/lang/StrictMath", "random", RANDOMNESS),
          member("java/util/UUID", "randomUUID", RANDOMNESS),
          member("java/util/Collections", "shuffle", RANDOMNESS),
          member("java/math/BigInteger", "isProbablePrime", RANDOMNESS),
          member("java/math/BigInteger", "nextProbablePrime", RANDOMNESS),
          member("java/math/BigInteger", "probablePrime", RANDOMNESS),
          // Unordered immutable collections: their iteration order is salted per JVM run.
          member("java/util/Map", "of", HASH_ORDER),
          member("java/util/Map", "ofEntries", HASH_ORDER),
          member("java/util/Map", "copyOf", HASH_ORDER),
          member("java/util/Set", "of", HASH_ORDER),
          member("java/util/Set", "copyOf", HASH_ORDER),
          // Hash codes and strings built from elements that may use their identity.
          member("java/util/Objects", "hash", IDENTITY),
          member("java/util/Objects", "hashCode", IDENTITY),
          member("java/util/Objects", "toString", IDENTITY),
          member("java/util/Arrays", "hashCode", "([Ljava/lang/Object;)I", IDENTITY),
          member("java/util/Arrays", "deepHashCode", IDENTITY),
          member(
              "java/util/Arrays", "toString", "([Ljava/lang/Object;)Ljava/lang/String;", IDENTITY),
          member("java/util/Arrays", "deepToString", IDENTITY),
          // The default locale and charset differ per host.
          member("java/lang/String", "format", LOCALE),
          member("java/lang/String", "formatted", LOCALE),
          member("java/lang/String", "toLowerCase", "()Ljava/lang/String;", LOCALE),
          member("java/lang/String", "toUpperCase", "()Ljava/lang/String;", LOCALE),
          member("java/lang/String", "getBytes", "()[B", LOCALE),
          member("java/lang/String", "<init>", "([B)V", LOCALE),
          member("java/lang/String", "<init>", "([BII)V", LOCALE),
          member("java/nio/charset/Charset", "defaultCharset", LOCALE),
          member("java/nio/charset/Charset", "availableCharsets", SYSTEM),
          member("java/nio/ByteOrder", "nativeOrder", SYSTEM),
          member("java/nio/ByteBuffer", "allocateDirect", UNMETERED),
          // System properties read through the boxes.
          member("java/lang/Integer", "getInteger", SYSTEM),
          member("java/lang/Long", "getLong", SYSTEM),
          member("java/lang/Boolean", "getBoolean", SYSTEM),
          // Streams, spliterators and the common pool.
          member(ANY, "stream", STREAMS),
          member(ANY, "parallelStream", STREAMS),
          member(ANY, "spliterator", STREAMS),
          member("java/util/Arrays", "parallelSort", THREADS),
          member("java/util/Arrays", "parallelPrefix", THREADS),
          member("java/util/Arrays", "parallelSetAll", THREADS),
          // Work that grows without charge: a huge repeat or shift costs one step.
          member("java/lang/String", "repeat", UNMETERED),
          member("java/util/Collections", "nCopies", UNMETERED),
          // Bulk copies move a whole collection for one charge, and doubling one by adding it to
          // itself grows it without bound: add elements one by one, each charged.
          member(ANY, "addAll", UNMETERED),
          member(ANY, "putAll", UNMETERED),
          member(ANY, "toArray", UNMETERED),
          member("java/util/List", "copyOf", UNMETERED),
          member("java/util/ArrayList", "<init>", "(Ljava/util/Collection;)V", UNMETERED),
          member("java/util/LinkedList", "<init>", "(Ljava/util/Collection;)V", UNMETERED),
          member("java/util/ArrayDeque", "<init>", "(Ljava/util/Collection;)V", UNMETERED),
          member("java/util/TreeSet", "<init>", "(Ljava/util/Collection;)V", UNMETERED),
          member("java/util/TreeSet", "<init>", "(Ljava/util/SortedSet;)V", UNMETERED),
          member("java/util/LinkedHashSet", "<init>", "(Ljava/util/Collection;)V", UNMETERED),
          member("java/util/TreeMap", "<init>", "(Ljava/util/Map;)V", UNMETERED),
          member("java/util/TreeMap", "<init>", "(Ljava/util/SortedMap;)V", UNMETERED),
          member("java/util/LinkedHashMap", "<init>", "(Ljava/util/Map;)V", UNMETERED),
          // Object-taking conversions print or hash whatever they are given, identity included.
          member(
              "java/lang/StringBuilder",
              "append",
              "(Ljava/lang/Object;)Ljava/lang/StringBuilder;",
              IDENTITY),
          member(
              "java/lang/StringBuilder",
              "insert",
              "(ILjava/lang/Object;)Ljava/lang/StringBuilder;",
              IDENTITY),
          member("java/util/Objects", "toString", IDENTITY),
          member("java/util/Objects", "hashCode", IDENTITY),
          member(
              "java/util/Arrays", "toString", "([Ljava/lang/Object;)Ljava/lang/String;", IDENTITY),
          member("java/util/Arrays", "hashCode", "([Ljava/lang/Object;)I", IDENTITY),
          member("java/util/Arrays", "deepToString", IDENTITY),
          member("java/util/Arrays", "deepHashCode", IDENTITY),
          // java.lang.Math may use faster, platform-specific code; StrictMath is the same
          // everywhere. Exact operations (abs, max, floorMod, addExact, sqrt...) stay allowed.
          member("java/lang/Math", "sin", PLATFORM_MATH),
          member("java/lang/Math", "cos", PLATFORM_MATH),
          member("java/lang/Math", "tan", PLATFORM_MATH),
          member("java/lang/Math", "asin", PLATFORM_MATH),
          member("java/lang/Math", "acos", PLATFORM_MATH),
          member("java/lang/Math", "atan", PLATFORM_MATH),
          member("java/lang/Math", "atan2", PLATFORM_MATH),
          member("java/lang/Math", "sinh", PLATFORM_MATH),
          member("java/lang/Math", "cosh", PLATFORM_MATH),
          member("java/lang/Math", "tanh", PLATFORM_MATH),
          member("java/lang/Math", "exp", PLATFORM_MATH),
          member("java/lang/Math", "expm1", PLATFORM_MATH),
          member("java/lang/Math", "log", PLATFORM_MATH),
          member("java/lang/Math", "log10", PLATFORM_MATH),
          member("java/lang/Math", "log1p", PLATFORM_MATH),
          member("java/lang/Math", "pow", PLATFORM_MATH),
          member("java/lang/Math", "cbrt", PLATFORM_MATH),
          member("java/lang/Math", "hypot", PLATFORM_MATH));

  private static final List<Denied> DENIED_CLASSES =
      List.of(
          // Errors: the meter stops a call by throwing one, so chain code may not catch any
          // supertype of it, nor the errors the JVM throws when it is in trouble.
          new Denied("java/lang/Throwable", ERRORS),
          new Denied("java/lang/Error", ERRORS),
          new Denied("java/lang/VirtualMachineError", ERRORS),
          new Denied("java/lang/StackOverflowError", ERRORS),
          new Denied("java/lang/OutOfMemoryError", ERRORS),
          new Denied("java/lang/InternalError", ERRORS),
          new Denied("io/ledgerlab/ledger/sandbox/Meter", METER),
          new Denied("io/ledgerlab/ledger/sandbox/Meter$MeterError", METER),
          new Denied("io/ledgerlab/ledger/sandbox/Meter$Budget", METER),
          new Denied("io/ledgerlab/", HOST),
          // BigDecimal's scale lets one call build a number of a billion digits (1e999999999 ->
          // toBigInteger, toPlainString): work no step or byte count sees. Use BigInteger.
          new Denied("java/math/BigDecimal", UNMETERED),
          // The clock.
          new Denied("java/time/", CLOCK),
          new Denied("java/util/Date", CLOCK),
          new Denied("java/util/Calendar", CLOCK),
          new Denied("java/util/GregorianCalendar", CLOCK),
          new Denied("java/util/TimeZone", CLOCK),
          new Denied("java/util/Timer", CLOCK),
          new Denied("java/util/TimerTask", CLOCK),
          // The JVM, its process and environment.
          new Denied("java/lang/System", SYSTEM),
          new Denied("java/lang/Runtime", SYSTEM),
          new Denied("java/lang/ProcessBuilder", SYSTEM),
          new Denied("java/lang/Process", SYSTEM),
          new Denied("java/lang/ProcessHandle", SYSTEM),
          new Denied("java/lang/SecurityManager", SYSTEM),
          new Denied("java/util/Properties", SYSTEM),
          new Denied("java/util/Locale", LOCALE),
          new Denied("java/util/Formatter", LOCALE),
          new Denied("java/text/", LOCALE),
          // Threads.
          new Denied("java/lang/Thread", THREADS),
          new Denied("java/lang/ThreadGroup", THREADS),
          new Denied("java/lang/ThreadLocal", THREADS),
          new Denied("java/lang/InheritableThreadLocal", THREADS),
          new Denied("java/util/concurrent/", THREADS),
          // Randomness.
          new Denied("java/util/Random", RANDOMNESS),
          new Denied("java/util/SplittableRandom", RANDOMNESS),
          new Denied("java/util/random/", RANDOMNESS),
          new Denied("java/security/SecureRandom", RANDOMNESS),
          // I/O. java/io/Serializable is allowed below: a marker interface does no I/O.
          new Denied("java/io/File", IO),
          new Denied("java/io/FileInputStream", IO),
          new Denied("java/io/FileOutputStream", IO),
          new Denied("java/io/RandomAccessFile", IO),
          new Denied("java/io/PrintStream", IO),
          new Denied("java/nio/file/", IO),
          new Denied("java/nio/channels/", IO),
          new Denied("java/net/", IO),
          new Denied("java/nio/MappedByteBuffer", IO),
          // Reflection, class loading, the garbage collector, JDK internals.
          new Denied("java/lang/reflect/", REFLECTION),
          new Denied("java/lang/invoke/", REFLECTION),
          new Denied("java/lang/runtime/", REFLECTION),
          new Denied("java/lang/ClassLoader", REFLECTION),
          new Denied("java/lang/Module", REFLECTION),
          new Denied("java/lang/ModuleLayer", REFLECTION),
          new Denied("java/lang/StackWalker", REFLECTION),
          new Denied("java/lang/StackTraceElement", REFLECTION),
          new Denied("java/lang/Package", REFLECTION),
          new Denied("java/lang/ref/", REFLECTION),
          new Denied("java/security/", REFLECTION),
          new Denied("sun/", REFLECTION),
          new Denied("jdk/", REFLECTION),
          new Denied("com/sun/", REFLECTION),
          // Hash-ordered collections: iteration order depends on hash codes, which for most
          // objects are identity hashes. LinkedHashMap/LinkedHashSet keep insertion order.
          new Denied("java/util/HashMap", HASH_ORDER),
          new Denied("java/util/HashSet", HASH_ORDER),
          new Denied("java/util/Hashtable", HASH_ORDER),
          new Denied("java/util/IdentityHashMap", HASH_ORDER),
          new Denied("java/util/WeakHashMap", HASH_ORDER),
          new Denied("java/util/stream/", STREAMS));

  private static final Set<String> ALLOWED_CLASSES =
      Set.of(
          // The language core: values and their operations, pure functions of their inputs.
          "java/lang/Object",
          "java/lang/String",
          "java/lang/StringBuilder",
          "java/lang/CharSequence",
          "java/lang/Comparable",
          "java/lang/Iterable",
          "java/lang/Cloneable",
          "java/lang/Runnable",
          "java/lang/AutoCloseable",
          "java/lang/Enum",
          "java/lang/Record",
          "java/lang/Math",
          "java/lang/StrictMath",
          "java/lang/Number",
          "java/lang/Boolean",
          "java/lang/Character",
          "java/lang/Byte",
          "java/lang/Short",
          "java/lang/Integer",
          "java/lang/Long",
          "java/lang/Float",
          "java/lang/Double",
          "java/lang/Void",
          // A type only (Enum.valueOf, class literals of the jar's own classes): every method
          // call on it is denied above.
          "java/lang/Class",
          "java/io/Serializable",
          // Exceptions chain code may throw and catch: plain values with a message.
          "java/lang/Exception",
          "java/lang/RuntimeException",
          "java/lang/IllegalArgumentException",
          "java/lang/IllegalStateException",
          "java/lang/ArithmeticException",
          "java/lang/NullPointerException",
          "java/lang/IndexOutOfBoundsException",
          "java/lang/ArrayIndexOutOfBoundsException",
          "java/lang/StringIndexOutOfBoundsException",
          "java/lang/NegativeArraySizeException",
          "java/lang/ArrayStoreException",
          "java/lang/ClassCastException",
          "java/lang/NumberFormatException",
          "java/lang/UnsupportedOperationException",
          "java/lang/CloneNotSupportedException",
          "java/util/NoSuchElementException",
          "java/util/ConcurrentModificationException",
          // javac's switch on an enum catches this in a synthetic class; it is a LinkageError,
          // never a supertype of the meter's error.
          "java/lang/NoSuchFieldError",
          // Ordered collections and their helpers: iteration order is insertion or key order.
          "java/util/Collection",
          "java/util/List",
          "java/util/ArrayList",
          "java/util/LinkedList",
          "java/util/Queue",
          "java/util/Deque",
          "java/util/ArrayDeque",
          "java/util/Map",
          "java/util/Map$Entry",
          "java/util/SortedMap",
          "java/util/NavigableMap",
          "java/util/TreeMap",
          "java/util/Set",
          "java/util/SortedSet",
          "java/util/NavigableSet",
          "java/util/TreeSet",
          "java/util/LinkedHashMap",
          "java/util/LinkedHashSet",
          "java/util/AbstractMap$SimpleEntry",
          "java/util/AbstractMap$SimpleImmutableEntry",
          "java/util/Iterator",
          "java/util/ListIterator",
          "java/util/Comparator",
          "java/util/Collections",
          "java/util/Arrays",
          "java/util/Objects",
          "java/util/Optional",
          "java/util/OptionalInt",
          "java/util/OptionalLong",
          "java/util/OptionalDouble",
          // Exact arithmetic.
          "java/math/BigInteger",
          "java/math/MathContext",
          "java/math/RoundingMode",
          // Bytes and text encodings: pure transformations of a byte array.
          "java/nio/charset/StandardCharsets",
          "java/nio/charset/Charset",
          "java/nio/ByteBuffer",
          "java/nio/ByteOrder");

  /**
   * Whole packages: the functional interfaces are pure signatures, the code behind them is the
   * jar's own (metered) lambdas.
   */
  private static final List<String> ALLOWED_PACKAGES = List.of("java/util/function/");

  /** The only bootstrap methods an invokedynamic may name: what javac itself emits. */
  private static final Set<String> BOOTSTRAPS =
      Set.of(
          "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
          "java/lang/invoke/StringConcatFactory.makeConcat",
          "java/lang/invoke/LambdaMetafactory.metafactory",
          "java/lang/invoke/LambdaMetafactory.altMetafactory",
          "java/lang/runtime/ObjectMethods.bootstrap",
          "java/lang/runtime/SwitchBootstraps.typeSwitch",
          "java/lang/runtime/SwitchBootstraps.enumSwitch");

  /**
   * JDK calls whose last int argument is a size the call allocates: the meter charges it like an
   * array of that length.
   */
  private static final Set<String> SIZED_CALLS =
      Set.of(
          "java/util/Arrays.copyOf",
          "java/util/Arrays.copyOfRange",
          "java/util/ArrayList.<init>",
          "java/util/ArrayDeque.<init>",
          "java/lang/StringBuilder.<init>",
          "java/lang/StringBuilder.ensureCapacity",
          "java/lang/StringBuilder.setLength",
          "java/util/ArrayList.ensureCapacity",
          "java/nio/ByteBuffer.allocate",
          "java/math/BigInteger.pow",
          "java/math/BigInteger.shiftLeft",
          "java/math/BigInteger.setBit");

  /**
   * Classes the JVM itself resolves through a jar's class loader to link what the check allowed:
   * bootstrap method types, the exception type in a catch-all frame. Chain code cannot name them.
   */
  private static final List<String> LINKAGE_ONLY =
      List.of(
          "java/lang/Throwable",
          "java/lang/invoke/",
          "java/lang/runtime/ObjectMethods",
          "java/lang/runtime/SwitchBootstraps");

  /** Why calling or reading {@code owner.name desc} of the JDK is denied, or null if it is not. */
  static String memberRule(String owner, String name, String desc) {
    for (Member m : DENIED_MEMBERS) {
      if (m.matches(owner, name, desc)) {
        return m.rule();
      }
    }
    return typeRule(owner);
  }

  /** Why naming the class {@code internalName} is denied, or null if it is allowed. */
  static String typeRule(String internalName) {
    for (Denied d : DENIED_CLASSES) {
      if (d.matches(internalName)) {
        return d.rule();
      }
    }
    if (ALLOWED_CLASSES.contains(internalName)) {
      return null;
    }
    for (String prefix : ALLOWED_PACKAGES) {
      if (internalName.startsWith(prefix) && internalName.indexOf('/', prefix.length()) < 0) {
        return null;
      }
    }
    return NOT_ALLOWED;
  }

  static boolean isBootstrap(String owner, String name) {
    return BOOTSTRAPS.contains(owner + "." + name);
  }

  static boolean isSized(String owner, String name, String desc) {
    Type[] args = Type.getArgumentTypes(desc);
    return args.length > 0
        && args[args.length - 1].equals(Type.INT_TYPE)
        && SIZED_CALLS.contains(owner + "." + name);
  }

  /** Whether a jar's class loader may hand out the JDK class {@code internalName}. */
  static boolean loadable(String internalName) {
    if (typeRule(internalName) == null) {
      return true;
    }
    for (String name : LINKAGE_ONLY) {
      if (name.endsWith("/") ? internalName.startsWith(name) : name.equals(internalName)) {
        return true;
      }
    }
    return false;
  }
}
