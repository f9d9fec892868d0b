package io.ledgerlab.lab.sim;

import io.ledgerlab.lab.engine.Capabilities;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.EngineProvider;
import io.ledgerlab.lab.engine.FaultKind;
import java.io.IOException;
import java.util.EnumSet;

/** The {@code sim} engine: every node in this JVM, on virtual time, from one seed. */
public final class SimEngineProvider implements EngineProvider {
  @Override
  public String name() {
    return SimEngine.NAME;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(EnumSet.allOf(FaultKind.class), true, false, false, true);
  }

  @Override
  public long genesisTimeMicros() {
    return SimEngine.START_MICROS - 1_000_000;
  }

  @Override
  public Engine start(Deployment deployment) throws IOException {
    return SimEngine.start(deployment);
  }
}
