package io.ledgerlab.hermetic.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.runtime.log.EventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent refuses to manage, before it starts anything: nodes it could not run with direct
 * links, and chains other than the reference one.
 */
class ManagedNetworkTest {
  @TempDir Path dir;

  @Test
  void aManifestWithLinkFaultsIsRefusedWithItsPlace() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("net.yaml"), "name: closed\nvalidators: 4\nlinks:\n  latency: 20ms\n");
    ManifestException e =
        catchThrowableOfType(
            ManifestException.class,
            () ->
                ManagedNetwork.open(
                    manifest, dir.resolve("run"), EventLog.NONE, Duration.ofSeconds(1)));
    assertThat(e.getMessage())
        .startsWith(manifest + ":3:1: links: the agent links its nodes directly");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void linksViaTheLabsProxiesAreRefusedWithTheirPlace() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("via.yaml"), "name: closed\nvalidators: 4\nlinks:\n  via: proxy\n");
    ManifestException e =
        catchThrowableOfType(
            ManifestException.class,
            () ->
                ManagedNetwork.open(
                    manifest, dir.resolve("run"), EventLog.NONE, Duration.ofSeconds(1)));
    assertThat(e.getMessage())
        .startsWith(manifest + ":4:3: links.via: the agent links its nodes directly");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void twinsAndContainerImagesAreRefusedWithTheirPlace() throws Exception {
    Path twins =
        Files.writeString(
            dir.resolve("twins.yaml"),
            "name: closed\nnodes:\n  - name: n0\n  - name: n1\n    twin: true\n"
                + "  - name: n2\n  - name: n3\n");
    assertThat(refusal(twins)).startsWith(twins + ":5:5: nodes.1.twin: the agent runs its nodes");
    Files.createDirectories(dir.resolve("img"));
    Files.writeString(dir.resolve("img/Dockerfile"), "FROM scratch\n");
    Path image =
        Files.writeString(
            dir.resolve("image.yaml"), "name: closed\nvalidators: 4\nlaunch:\n  image: img\n");
    assertThat(refusal(image)).startsWith(image + ":4:3: launch.image: the agent runs its nodes");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void monitoringIsRefusedWithItsPlace() throws Exception {
    // The agent's network outlives any run; nothing would own a Prometheus beside it.
    Path monitored =
        Files.writeString(
            dir.resolve("monitored.yaml"), "name: closed\nvalidators: 4\nmonitoring: prometheus\n");
    assertThat(refusal(monitored))
        .startsWith(monitored + ":3:1: monitoring: no monitoring in a network the agent manages");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  private String refusal(Path manifest) {
    return catchThrowableOfType(
            ManifestException.class,
            () ->
                ManagedNetwork.open(
                    manifest, dir.resolve("run"), EventLog.NONE, Duration.ofSeconds(1)))
        .getMessage();
  }
}
