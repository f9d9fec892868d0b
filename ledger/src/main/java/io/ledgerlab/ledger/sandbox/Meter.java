package io.ledgerlab.ledger.sandbox;

import java.math.BigInteger;
import java.util.function.Supplier;

/**
 * The step counter that instrumented chain code calls. Public only because the instrumented classes
 * live in their own class loader and must link to it; nothing else should call it.
 *
 * <p>Each thread has its own budget (a query may run while a block executes on another thread). A
 * step is charged at every method entry, before every jump or switch, and per element of every
 * array the chain code allocates; the count depends only on the bytecode executed, never on time.
 *
 * <p>Memory has a budget of its own, in nominal bytes, so a call cannot fill a node's heap (an
 * out-of-memory error differs from node to node, with each one's heap): an array costs its
 * elements' bytes, an object {@value #OBJECT_BYTES}, a call into the JDK {@value #LIBRARY_BYTES}
 * (for what it may allocate inside), a concatenated string two bytes per character. Like steps, the
 * count depends only on the bytecode executed.
 *
 * <p>Once a budget or the depth limit is exceeded the budget stays spent: every later charge throws
 * again, so a chain code that swallows the error cannot go on running.
 */
public final class Meter {
  /** The nominal size of one object, its header and a few fields. */
  public static final int OBJECT_BYTES = 32;

  /** The nominal allocation of one JDK call: a map entry, a boxed value, an iterator. */
  public static final int LIBRARY_BYTES = 16;

  private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();

  private Meter() {}

  /** Charges one step: at a jump or a switch. */
  public static void step() {
    current().step();
  }

  /**
   * Charges one step and enters a frame: at the start of every instrumented method, which keeps the
   * budget it returns for its other charges.
   */
  public static Budget enter() {
    Budget budget = current();
    budget.enter();
    return budget;
  }

  /** Leaves a frame: on every return and every exception leaving an instrumented method. */
  public static void exit() {
    Budget budget = CURRENT.get();
    if (budget != null) {
      budget.depth--;
    }
  }

  /**
   * Charges one step per element of {@code length} about to be allocated by a sized JDK call, and
   * eight bytes per element.
   */
  public static void allocate(int length) {
    allocate(length, 8);
  }

  /**
   * Charges one step and {@code elementBytes} bytes per element of an array of {@code length} about
   * to be allocated.
   */
  public static void allocate(int length, int elementBytes) {
    current().allocate(length, elementBytes);
  }

  /** Charges a step and an object's bytes: before every {@code new}. */
  public static void object() {
    current().object();
  }

  /** Charges what a call into the JDK may allocate inside: before every such call. */
  public static void library() {
    current().library();
  }

  /** Charges a concatenated string's characters, after it was made; returns it. */
  public static String string(String made) {
    return current().string(made);
  }

  /** As {@link Budget#array(Object)}. */
  public static Object array(Object made) {
    return current().array(made);
  }

  /** As {@link Budget#builder(StringBuilder)}. */
  public static StringBuilder builder(StringBuilder grown) {
    return current().builder(grown);
  }

  /** As {@link Budget#big(BigInteger)}. */
  public static BigInteger big(BigInteger made) {
    return current().big(made);
  }

  /** As {@link Budget#context()}. */
  public static void context() {
    current().context();
  }

  private static Budget current() {
    Budget budget = CURRENT.get();
    if (budget == null) {
      throw new MeterError(State.UNMETERED, "chain code ran outside a metered call");
    }
    return budget;
  }

  /** Runs {@code call} on this thread with a fresh budget, restoring whatever budget was there. */
  static <T> Metered<T> run(long steps, long bytes, int depthMax, Supplier<T> call) {
    Budget previous = CURRENT.get();
    Budget budget = new Budget(steps, bytes, depthMax);
    CURRENT.set(budget);
    try {
      T value = null;
      Throwable thrown = null;
      try {
        value = call.get();
      } catch (Throwable t) {
        // Anything at all, even a checked exception hand-made bytecode throws undeclared.
        thrown = t;
      }
      return new Metered<>(value, thrown, budget.state, budget.used());
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** How a metered run ended. */
  enum State {
    RUNNING,
    OUT_OF_STEPS,
    OUT_OF_MEMORY,
    TOO_DEEP,
    UNMETERED
  }

  /**
   * What a metered run gave: its value or what it threw, whether the meter stopped it, and how many
   * steps it used.
   */
  record Metered<T>(T value, Throwable thrown, State state, long steps) {
    boolean stopped() {
      return state != State.RUNNING;
    }
  }

  /** Thrown when a call runs out of steps or goes too deep; chain code cannot name or catch it. */
  static final class MeterError extends Error {
    private final State state;

    MeterError(State state, String message) {
      super(message, null, false, false);
      this.state = state;
    }

    State state() {
      return state;
    }
  }

  /** One call's budget; instrumented methods charge it directly once they hold it. */
  public static final class Budget {
    /** The steps a call into the chain's state costs: it reaches the node's database. */
    static final int CONTEXT_STEPS = 100;

    private final java.util.IdentityHashMap<StringBuilder, Integer> builders =
        new java.util.IdentityHashMap<>();
    private final long steps;
    private final int depthMax;
    private long stepsLeft;
    private long bytesLeft;
    private int depth;
    private State state = State.RUNNING;
    private long usedAtStop;

    Budget(long steps, long bytes, int depthMax) {
      this.steps = steps;
      this.stepsLeft = steps;
      this.bytesLeft = bytes;
      this.depthMax = depthMax;
    }

    void enter() {
      if (--stepsLeft < 0) {
        throw runOut();
      }
      if (depth >= depthMax) {
        throw tooDeep();
      }
      depth++;
    }

    /** Charges one step: at a jump or a switch. */
    public void step() {
      if (--stepsLeft < 0) {
        throw runOut();
      }
    }

    /** Leaves a frame. */
    public void exit() {
      depth--;
    }

    /** As {@link Meter#allocate(int)}. */
    public void allocate(int length) {
      allocate(length, 8);
    }

    /** As {@link Meter#allocate(int, int)}. */
    public void allocate(int length, int elementBytes) {
      if (state != State.RUNNING) {
        throw error();
      }
      if (length > 0) {
        if (length > stepsLeft) {
          stepsLeft = 0;
          throw runOut();
        }
        stepsLeft -= length;
        charge(16 + (long) length * elementBytes);
      }
    }

    /** As {@link Meter#object()}. */
    public void object() {
      step();
      charge(OBJECT_BYTES);
    }

    /** As {@link Meter#library()}. */
    public void library() {
      charge(LIBRARY_BYTES);
    }

    /** A string a concatenation or a JDK call made: two bytes per character. */
    public String string(String made) {
      if (made != null) {
        charge(16 + 2L * made.length());
      }
      return made;
    }

    /** An array a JDK call or a clone made: eight bytes per element, whatever its type. */
    public Object array(Object made) {
      if (made != null) {
        charge(16 + 8L * java.lang.reflect.Array.getLength(made));
      }
      return made;
    }

    /** A StringBuilder a call returned: what it grew by since the call last saw it. */
    public StringBuilder builder(StringBuilder grown) {
      if (grown != null) {
        int now = grown.length();
        Integer before = builders.put(grown, now);
        long added = now - (before == null ? 0 : before);
        if (added > 0) {
          charge(2 * added);
        }
      }
      return grown;
    }

    /** A BigInteger a call made: its bits. */
    public BigInteger big(BigInteger made) {
      if (made != null) {
        charge(16 + made.bitLength() / 8);
      }
      return made;
    }

    /** A state read or write: {@value #CONTEXT_STEPS} steps and an object's bytes. */
    public void context() {
      stepsLeft -= CONTEXT_STEPS - 1;
      step();
      charge(OBJECT_BYTES);
    }

    void charge(long bytes) {
      if (state != State.RUNNING) {
        throw error();
      }
      bytesLeft -= bytes;
      if (bytesLeft < 0) {
        stop(State.OUT_OF_MEMORY, steps - stepsLeft);
        throw error();
      }
    }

    /** Steps charged: the whole budget once it ran out, the count so far when too deep. */
    long used() {
      return state == State.RUNNING ? steps - stepsLeft : usedAtStop;
    }

    MeterError runOut() {
      stop(State.OUT_OF_STEPS, steps);
      return error();
    }

    MeterError tooDeep() {
      // The step was already charged by enter(); the call stops with what it used so far.
      stop(State.TOO_DEEP, steps - stepsLeft);
      return error();
    }

    private void stop(State reason, long used) {
      if (state == State.RUNNING) {
        state = reason;
        usedAtStop = used;
      }
      stepsLeft = Math.min(stepsLeft, 0);
    }

    MeterError error() {
      return new MeterError(state, state.name().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
