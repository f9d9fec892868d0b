package io.ledgerlab.junit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * User chain code on containers: each node's container reads the jar in the run directory, which
 * the docker engine mounts at its own path. Skipped, and said so, only with LEDGERLAB_NO_DOCKER=1.
 */
@Timeout(300)
class DockerChainCodeIT extends ChainCodeNetworkContract {
  @BeforeAll
  static void dockerIsHere() {
    boolean off = "1".equals(System.getenv("LEDGERLAB_NO_DOCKER"));
    if (off) {
      System.out.println("docker tests SKIPPED: LEDGERLAB_NO_DOCKER=1 is set");
    }
    assumeFalse(off, "LEDGERLAB_NO_DOCKER=1: the docker tests are skipped");
  }

  @Override
  protected Network.Builder world() {
    return Network.engine("docker");
  }
}
