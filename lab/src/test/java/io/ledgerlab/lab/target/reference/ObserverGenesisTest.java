package io.ledgerlab.lab.target.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observers are outside the genesis validator set: a peer-to-peer key and no validator key, a node
 * config without {@code validatorKey}, and the validators' keys are what they would be without
 * observers.
 */
class ObserverGenesisTest {
  @TempDir Path dir;

  @Test
  void theGenesisNamesTheValidatorsOnlyAndObserversHoldNoValidatorKey() throws Exception {
    Network network = ManifestParser.parse("m.yaml", "name: obs\nobservers: 2\n");
    RunLayout run = new RunLayout(dir.resolve("run"));

    ReferenceChain chain = new ReferenceTarget().deploy(network, run, SeededEntropy.of(7), 0);

    assertThat(chain.genesis().validators())
        .extracting(Genesis.Validator::name)
        .containsExactly("n0", "n1", "n2", "n3");
    assertThat(chain.validatorIds()).containsOnlyKeys("n0", "n1", "n2", "n3");
    for (String o : new String[] {"o0", "o1"}) {
      assertThat(run.validatorKey(o)).as(o + "'s validator keystore").doesNotExist();
      assertThat(run.nodeKey(o)).as(o + "'s peer-to-peer keystore").isRegularFile();
      assertThat(chain.validatorKeyOf(o)).isEmpty();
    }
    assertThat(chain.nodeKey("o0").publicKey()).isNotEqualTo(chain.nodeKey("o1").publicKey());
    assertThat(chain.validatorKeyOf("n0")).contains(chain.validatorKey("n0"));

    // Adding observers changes no validator's key: they are drawn after the validators'.
    ReferenceChain without =
        new ReferenceTarget()
            .deploy(
                ManifestParser.parse("m.yaml", "name: obs\n"),
                new RunLayout(dir.resolve("plain")),
                SeededEntropy.of(7),
                0);
    assertThat(without.genesis().validators()).isEqualTo(chain.genesis().validators());
  }

  @Test
  void aRunDirectoryLoadsItsObserversFromTheirNodeKeys() throws Exception {
    Network network = ManifestParser.parse("m.yaml", "name: obs\nobservers: 1\n");
    RunLayout run = new RunLayout(dir.resolve("run"));
    ReferenceChain chain = new ReferenceTarget().deploy(network, run, SeededEntropy.of(7), 0);

    ReferenceChain loaded = new ReferenceTarget().load(run);

    assertThat(loaded.nodeKey("o0").publicKey()).isEqualTo(chain.nodeKey("o0").publicKey());
    assertThat(loaded.validatorKeyOf("o0")).isEmpty();
    assertThat(loaded.validatorIds()).isEqualTo(chain.validatorIds());
  }

  @Test
  void anObserversNodeConfigHasNoValidatorKeyAndAValidatorsHasOne() throws Exception {
    Network network =
        ManifestParser.parse(
            "m.yaml", "name: obs\nvalidators: 1\nobservers: 1\nrelay: true\nrescueAfter: 2s\n");
    RunLayout run = new RunLayout(dir.resolve("run"));
    ReferenceChain chain = new ReferenceTarget().deploy(network, run, SeededEntropy.of(7), 0);
    Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
    peers.put("n0", new InetSocketAddress("127.0.0.1", 7001));
    peers.put("o0", new InetSocketAddress("127.0.0.1", 7003));

    for (int i = 0; i < 2; i++) {
      Network.NodeSpec n = network.nodes().get(i);
      Files.createDirectories(run.data(n.name()));
      chain.prepare(
          new NodeSlot(
              network,
              n,
              i,
              run,
              peers.get(n.name()),
              new InetSocketAddress("127.0.0.1", 8001 + 2 * i),
              peers,
              0));
    }

    NodeConfig observer = NodeConfigs.read(run.nodeConfig("o0"));
    NodeConfig validator = NodeConfigs.read(run.nodeConfig("n0"));
    assertThat(observer.validatorKey()).isEmpty();
    assertThat(Files.readString(run.nodeConfig("o0"))).doesNotContain("validatorKey");
    assertThat(observer.peers()).extracting(NodeConfig.Peer::name).containsExactly("n0");
    assertThat(validator.validatorKey()).contains(run.validatorKey("n0").toAbsolutePath());
    assertThat(validator.peers()).extracting(NodeConfig.Peer::name).containsExactly("o0");
    // Every node relays; only the observer rescues.
    assertThat(observer.relay()).isTrue();
    assertThat(validator.relay()).isTrue();
    assertThat(observer.rescueAfterMicros()).isEqualTo(2_000_000);
    assertThat(validator.rescueAfterMicros()).isZero();
    assertThat(Files.readString(run.nodeConfig("o0"))).contains("rescueAfter: 2s");
  }

  @Test
  void withoutRelayOrRescueTheNodeConfigsSayNeither() throws Exception {
    Network network = ManifestParser.parse("m.yaml", "name: obs\nvalidators: 1\nobservers: 1\n");
    RunLayout run = new RunLayout(dir.resolve("run"));
    ReferenceChain chain = new ReferenceTarget().deploy(network, run, SeededEntropy.of(7), 0);
    Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
    peers.put("n0", new InetSocketAddress("127.0.0.1", 7001));
    peers.put("o0", new InetSocketAddress("127.0.0.1", 7003));
    Network.NodeSpec o0 = network.node("o0");
    Files.createDirectories(run.data("o0"));
    chain.prepare(
        new NodeSlot(
            network,
            o0,
            1,
            run,
            peers.get("o0"),
            new InetSocketAddress("127.0.0.1", 8003),
            peers,
            0));

    String text = Files.readString(run.nodeConfig("o0"));
    assertThat(text).doesNotContain("relay").doesNotContain("rescueAfter");
  }
}
