package io.ledgerlab.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;

/** Assertions that a manifest or scenario is refused, naming the key and what was expected. */
final class ManifestAsserts {
  private ManifestAsserts() {}

  /** {@code yaml}, read as the manifest {@code file}, is refused at {@code where}. */
  static void assertRejected(String file, String yaml, String where, String message) {
    assertThatThrownBy(() -> ManifestParser.parse(file, yaml))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(where)
        .hasMessageContaining(message);
  }

  /** The scenario is refused, when parsed or when checked against {@code engine}. */
  static void assertEngineRejects(String yaml, String engine, String key, String message)
      throws Exception {
    Scenario s;
    try {
      s = ScenarioParser.parse("s.yaml", yaml);
    } catch (ManifestException e) {
      assertThat(e.getMessage()).contains(key).contains(message);
      return;
    }
    assertThatThrownBy(() -> ScenarioParser.checkEngine(s, Engines.named(engine)))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(message);
  }
}
