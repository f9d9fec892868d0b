package io.ledgerlab.ledger.sandbox;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.ChainCodeException;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.sandbox.Meter.Metered;
import java.lang.invoke.MethodHandle;
import java.util.function.Function;

/**
 * A loaded user chain code as the node sees it. Every call runs on a fresh instance (so nothing a
 * call leaves in fields reaches the next one, on any node) within a fresh budget of {@link
 * Sandbox#STEPS_PER_CALL} steps and {@link Sandbox#DEPTH_MAX} frames.
 */
final class SandboxedChainCode implements ChainCode {
  static final String OUT_OF_STEPS = "OUT_OF_STEPS";
  static final String CALL_TOO_DEEP = "CALL_TOO_DEEP";
  static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
  static final String RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED";
  static final String CHAIN_CODE_ERROR = "CHAIN_CODE_ERROR";

  private final String name;
  private final int version;
  private final MethodHandle constructor;

  SandboxedChainCode(String name, int version, MethodHandle constructor) {
    this.name = name;
    this.version = version;
    this.constructor = constructor;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public Outcome invoke(CallContext context, String method, byte[] args) {
    return outcome(call(code -> code.invoke(context, method, args)));
  }

  @Override
  public Outcome query(QueryContext context, String method, byte[] args) {
    return outcome(call(code -> code.query(context, method, args)));
  }

  /** Runs {@code call} on a fresh instance within a fresh budget; for tests, with its steps. */
  Metered<Outcome> call(Function<ChainCode, Outcome> call) {
    return Meter.run(
        Sandbox.STEPS_PER_CALL,
        Sandbox.MEMORY_BYTES_PER_CALL,
        Sandbox.DEPTH_MAX,
        () -> call.apply(newInstance(constructor)));
  }

  /** What a metered call means to the node: an outcome, or the exception BlockExecutor maps. */
  static Outcome outcome(Metered<Outcome> run) {
    switch (run.state()) {
      case OUT_OF_STEPS:
        return Outcome.fail(
            OUT_OF_STEPS, "the call used its whole budget of " + Sandbox.STEPS_PER_CALL + " steps");
      case OUT_OF_MEMORY:
        return Outcome.fail(
            OUT_OF_MEMORY,
            "the call allocated more than its budget of "
                + Sandbox.MEMORY_BYTES_PER_CALL
                + " bytes after "
                + run.steps()
                + " steps");
      case TOO_DEEP:
        return Outcome.fail(
            CALL_TOO_DEEP,
            "the call went deeper than "
                + Sandbox.DEPTH_MAX
                + " frames after "
                + run.steps()
                + " steps");
      default:
        break;
    }
    Throwable thrown = run.thrown();
    if (thrown == null) {
      return run.value() != null
          ? run.value()
          : Outcome.fail(CHAIN_CODE_ERROR, "the chain code returned no outcome");
    }
    if (thrown instanceof ChainCodeException e) {
      // Final and read from fields: no code of the jar runs outside the meter.
      return e.toOutcome();
    }
    if (thrown instanceof RuntimeException e && !(e instanceof CheckedThrown)) {
      if (e.getClass().getClassLoader() instanceof SandboxLoader) {
        // The jar's own exception class could override toString or getMessage, which the node
        // would then run unmetered when it logs the error: it gets the class name only.
        throw new JarException(e.getClass().getName());
      }
      // The host's (a limit, a broken disk) or the JDK's: BlockExecutor maps it.
      throw e;
    }
    if (thrown instanceof VirtualMachineError) {
      // A stack overflow inside JDK code (the depth limit counts only the jar's frames) or a heap
      // the nominal budget did not foresee. It must not stop block execution: a node that throws
      // here would throw again on every restart, and the chain would halt.
      return Outcome.fail(RESOURCE_EXHAUSTED, "the call exhausted the node's stack or heap");
    }
    return Outcome.fail(CHAIN_CODE_ERROR, "the chain code threw an exception");
  }

  /** A jar-defined exception, as the node records it: by its class name, nothing it computes. */
  static final class JarException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JarException(String className) {
      super("the chain code threw " + className, null, false, false);
    }
  }

  /** A new instance of the user's class, through its public no-argument constructor. */
  static ChainCode newInstance(MethodHandle constructor) {
    try {
      return (ChainCode) constructor.invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      // Only hand-made bytecode throws a checked exception nobody declared.
      throw new CheckedThrown();
    }
  }

  /** A checked exception that escaped the chain code; recorded as a plain CHAIN_CODE_ERROR. */
  private static final class CheckedThrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckedThrown() {
      super("the chain code threw a checked exception", null, false, false);
    }
  }
}
