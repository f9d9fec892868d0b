package io.ledgerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every test of containers shares: the daemon (skipped, saying so, only with
 * LEDGERLAB_NO_DOCKER=1), and after each test, nothing this lab labelled left on it.
 */
abstract class DaemonIT {
  static DockerClient docker;

  @BeforeAll
  static void connect() throws Exception {
    DockerAvailable.assume();
    docker = Daemon.connect();
  }

  @AfterAll
  static void disconnect() {
    if (docker != null) {
      Daemon.close(docker);
    }
  }

  @AfterEach
  void nothingLabelledIsLeft() {
    assertThat(Daemon.labelled(docker, Daemon.OWNER + "=" + Daemon.self()))
        .as("containers and networks this lab made")
        .isEmpty();
  }
}
