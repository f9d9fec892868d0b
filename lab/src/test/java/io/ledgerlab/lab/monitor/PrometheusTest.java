package io.ledgerlab.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the program, and a Prometheus that cannot start saying why in its own words. */
class PrometheusTest {
  @TempDir Path dir;

  @Test
  void withoutPrometheusOnThePathTheMessageNamesThePackage() {
    assertThatThrownBy(() -> Prometheus.binary(dir.toString()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "monitoring: prometheus needs the prometheus program, and there is none on the PATH;"
                + " install Debian's package: apt-get install -y prometheus");
    assertThatThrownBy(() -> Prometheus.binary(null)).isInstanceOf(IOException.class);
  }

  @Test
  void theProgramIsFoundOnThePath() throws Exception {
    Path program = dir.resolve("bin").resolve("prometheus");
    Files.createDirectories(program.getParent());
    Files.writeString(program, "#!/bin/sh\n");
    assertThat(program.toFile().setExecutable(true)).isTrue();

    assertThat(Prometheus.binary("/nonexistent:" + program.getParent())).isEqualTo(program);
  }

  @Test
  void aConfigurationPrometheusRefusesFailsTheStartWithItsLastLines() throws Exception {
    Path config =
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: often\n");

    assertThatThrownBy(() -> Prometheus.start(dir.resolve("p"), config, Duration.ofSeconds(30)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("monitoring: prometheus exited with code 2 before it was ready;")
        .hasMessageContaining("not a valid duration string: \\\"often\\\"");
  }
}
