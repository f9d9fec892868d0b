package io.ledgerlab.docker;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The one switch that skips the docker tests: LEDGERLAB_NO_DOCKER=1, said in the output. */
public final class DockerAvailable {
  private DockerAvailable() {}

  public static void assume() {
    boolean off = "1".equals(System.getenv("LEDGERLAB_NO_DOCKER"));
    if (off) {
      System.out.println("docker tests SKIPPED: LEDGERLAB_NO_DOCKER=1 is set");
    }
    assumeFalse(off, "LEDGERLAB_NO_DOCKER=1: the docker tests are skipped");
  }
}
