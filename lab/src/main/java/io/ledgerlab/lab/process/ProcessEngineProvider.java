package io.ledgerlab.lab.process;

import io.ledgerlab.lab.engine.Capabilities;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.EngineProvider;
import java.io.IOException;

/** The {@code process} engine: one OS process per node on loopback. */
public final class ProcessEngineProvider implements EngineProvider {
  @Override
  public String name() {
    return ProcessEngine.NAME;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(ProcessEngine.supported(), false, true, false);
  }

  @Override
  public Engine start(Deployment deployment) throws IOException {
    return ProcessEngine.start(deployment);
  }
}
