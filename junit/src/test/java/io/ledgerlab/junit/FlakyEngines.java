package io.ledgerlab.junit;

import io.ledgerlab.lab.engine.Capabilities;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.EngineProvider;
import io.ledgerlab.lab.sim.SimEngineProvider;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Engines that fail at one point of their lifecycle, the simulator otherwise: for cleanup tests.
 */
final class FlakyEngines {
  /** How many engines of {@link ErrorAfterStart} were closed. */
  static final AtomicInteger errorEnginesClosed = new AtomicInteger();

  private FlakyEngines() {}

  private abstract static class Flaky implements EngineProvider {
    final SimEngineProvider sim = new SimEngineProvider();

    @Override
    public Capabilities capabilities() {
      return sim.capabilities();
    }

    @Override
    public long genesisTimeMicros() {
      return sim.genesisTimeMicros();
    }

    /** The simulator's engine, with {@code method} replaced by {@code instead}. */
    static Engine wrap(Engine engine, String method, Runnable instead) {
      return (Engine)
          Proxy.newProxyInstance(
              Engine.class.getClassLoader(),
              new Class<?>[] {Engine.class},
              (proxy, m, args) -> {
                if (m.getName().equals(method)) {
                  instead.run();
                  return null;
                }
                try {
                  return m.invoke(engine, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }

  /** Throws from start, after the run directory and its logs were made. */
  public static final class FailsToStart extends Flaky {
    @Override
    public String name() {
      return "flaky-start";
    }

    @Override
    public Engine start(Deployment deployment) {
      throw new IllegalStateException("the flaky engine does not start");
    }
  }

  /** Starts the nodes, then throws an Error when the network subscribes to node events. */
  public static final class ErrorAfterStart extends Flaky {
    @Override
    public String name() {
      return "flaky-error";
    }

    @Override
    public Engine start(Deployment deployment) throws IOException {
      Engine engine = sim.start(deployment);
      Engine failing =
          wrap(
              engine,
              "onNodeEvent",
              () -> {
                throw new AssertionError("an Error in the engine");
              });
      return wrap(
          failing,
          "close",
          () -> {
            engine.close();
            errorEnginesClosed.incrementAndGet();
          });
    }
  }

  /** Runs the simulator, whose close throws after stopping it. */
  public static final class FailsToClose extends Flaky {
    @Override
    public String name() {
      return "flaky-close";
    }

    @Override
    public Engine start(Deployment deployment) throws IOException {
      Engine engine = sim.start(deployment);
      return wrap(
          engine,
          "close",
          () -> {
            engine.close();
            throw new IllegalStateException("the flaky engine fails to close");
          });
    }
  }
}
