package io.ledgerlab.docker;

import io.ledgerlab.lab.engine.Capabilities;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.EngineProvider;
import java.io.IOException;
import java.util.Map;

/** The {@code docker} engine: one container per node on the local Docker daemon. */
public final class DockerEngineProvider implements EngineProvider {
  @Override
  public String name() {
    return DockerEngine.NAME;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(DockerEngine.FAULTS, false, true, true);
  }

  @Override
  public Engine start(Deployment deployment) throws IOException {
    return DockerEngine.start(
        deployment,
        line -> {
          deployment.labLog().info("lab.docker.progress", Map.of("message", line));
          System.err.println("ledgerlab: " + line);
        });
  }
}
