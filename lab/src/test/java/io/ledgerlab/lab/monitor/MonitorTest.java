package io.ledgerlab.lab.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the pipeline's hook does before any Prometheus starts. */
class MonitorTest {
  @TempDir Path dir;

  private final List<String> console = new ArrayList<>();
  private final EventLog quiet = (level, name, fields) -> {};

  /** An engine whose nodes have no endpoint, as the simulator's; nothing else may be called. */
  private static Engine withoutEndpoints() {
    return (Engine)
        Proxy.newProxyInstance(
            Engine.class.getClassLoader(),
            new Class<?>[] {Engine.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "name" -> "stub";
                  case "rpcEndpoint" -> Optional.empty();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void aNetworkWithoutMonitoringStartsNothing() throws Exception {
    Network n = ManifestParser.parse("m.yaml", "name: t\n");

    assertThat(
            Monitor.start(
                n, withoutEndpoints(), new RunLayout(dir), Optional.empty(), quiet, console::add))
        .isEmpty();
    assertThat(Monitor.directory(new RunLayout(dir))).doesNotExist();
    assertThat(console).isEmpty();
  }

  @Test
  void anEngineThatGivesNoEndpointIsRefusedNamingTheNode() throws Exception {
    Network n = ManifestParser.parse("m.yaml", "name: t\nmonitoring: prometheus\n");

    assertThatThrownBy(
            () ->
                Monitor.start(
                    n,
                    withoutEndpoints(),
                    new RunLayout(dir),
                    Optional.empty(),
                    quiet,
                    console::add))
        .isInstanceOf(IOException.class)
        .hasMessage("monitoring: the stub engine gives no endpoint of n0 for Prometheus to scrape");
    assertThat(Monitor.directory(new RunLayout(dir))).doesNotExist();
  }

  @Test
  void eachNodeIsLabelledWithItsRole() {
    Network.NodeSpec validator =
        new Network.NodeSpec("n0", 1, io.ledgerlab.ledger.consensus.Behaviour.HONEST, 0);
    Network.NodeSpec observer =
        Network.NodeSpec.observer("o0", 0, io.ledgerlab.ledger.consensus.Canary.NONE, "current");

    assertThat(Monitor.role(validator)).isEqualTo("validator");
    assertThat(Monitor.role(observer)).isEqualTo("observer");
  }
}
