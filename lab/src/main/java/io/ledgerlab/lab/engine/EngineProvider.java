package io.ledgerlab.lab.engine;

import java.io.IOException;

/**
 * Makes engines of one kind: the SPI through which the pipeline finds engines without importing
 * them. Register an implementation in {@code
 * META-INF/services/io.ledgerlab.lab.engine.EngineProvider}.
 */
public interface EngineProvider {
  /** The name scenarios use in {@code engine:}, such as {@code sim}. */
  String name();

  Capabilities capabilities();

  /**
   * The genesis time of a chain this engine will run, in microseconds since the epoch: a little
   * before its nodes' clocks start (an hour back for real clocks, so that a node whose clock is
   * skewed behind still proposes after genesis).
   */
  default long genesisTimeMicros() {
    return (System.currentTimeMillis() / 1_000 - 3_600) * 1_000_000L;
  }

  /**
   * Starts every node of the deployment and returns without waiting for blocks. On failure nothing
   * is left running.
   *
   * @throws IllegalArgumentException when the engine cannot run the deployment's target
   */
  Engine start(Deployment deployment) throws IOException;
}
