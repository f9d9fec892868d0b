package io.ledgerlab.lab.engine;

import io.ledgerlab.docker.DockerAvailable;
import org.junit.jupiter.api.Timeout;

/**
 * Every fault kind the docker engine claims, taking effect on real containers: the daemon's kill,
 * stop, start and freezer; iptables drops in each container's namespace; the node's own clock
 * option. Delay, stall and bandwidth are not claimed (no netem) and skip, saying so.
 */
@Timeout(240)
class DockerFaultKindsIT extends FaultKindsContract {
  @Override
  protected String engineName() {
    return "docker";
  }

  @Override
  protected void assumeEngine() {
    DockerAvailable.assume();
  }
}
