package io.ledgerlab.lab.process.proxy;

import static io.ledgerlab.lab.process.proxy.TestSockets.passes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Four echo "nodes" behind a mesh; each control is checked on every one of the 12 links. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class ProxyMeshTest {
  private static final List<String> NODES = List.of("n0", "n1", "n2", "n3");

  private final List<EchoServer> servers = new ArrayList<>();
  private ProxyMesh mesh;

  @BeforeEach
  void startMesh() {
    Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    for (String node : NODES) {
      EchoServer server = EchoServer.echo();
      servers.add(server);
      addresses.put(node, server.address());
    }
    mesh = ProxyMesh.start(addresses);
  }

  @AfterEach
  void stopMesh() throws IOException {
    try {
      if (mesh != null) {
        mesh.close();
      }
    } finally {
      for (EchoServer server : servers) {
        server.close();
      }
    }
  }

  @Test
  void everyOrderedPairHasItsOwnLink() throws IOException {
    Set<Integer> ports = new HashSet<>();
    for (String from : NODES) {
      for (String to : NODES) {
        if (!from.equals(to)) {
          ports.add(mesh.addressFor(from, to).getPort());
          assertThat(passes(mesh.addressFor(from, to))).as("%s→%s", from, to).isTrue();
        }
      }
    }
    assertThat(ports).hasSize(12);
    assertThat(mesh.faults()).hasSize(12).containsEntry("n0→n1", LinkFault.NONE);
    assertThat(mesh.describe()).isEqualTo("no faults");
  }

  @Test
  void partitionBlocksExactlyTheCrossLinks() throws IOException {
    mesh.partition(List.of(Set.of("n0", "n1"), Set.of("n2", "n3")));
    for (String from : NODES) {
      for (String to : NODES) {
        if (!from.equals(to)) {
          boolean sameSide = side(from) == side(to);
          assertThat(passes(mesh.addressFor(from, to))).as("%s→%s", from, to).isEqualTo(sameSide);
          assertThat(mesh.fault(from, to).blocked()).isEqualTo(!sameSide);
        }
      }
    }
    assertThat(mesh.describe()).contains("n0→n2 blocked").doesNotContain("n0→n1");
  }

  @Test
  void nodesNamedInNoGroupFormOneGroup() throws IOException {
    mesh.partition(List.of(Set.of("n0")));
    assertThat(passes(mesh.addressFor("n0", "n1"))).isFalse();
    assertThat(passes(mesh.addressFor("n3", "n0"))).isFalse();
    assertThat(passes(mesh.addressFor("n1", "n2"))).isTrue();
    assertThat(passes(mesh.addressFor("n3", "n2"))).isTrue();
  }

  @Test
  void cutOneWayBlocksOnlyThatDirection() throws IOException {
    mesh.cutOneWay("n0", "n1");
    assertThat(passes(mesh.addressFor("n0", "n1"))).isFalse();
    assertThat(passes(mesh.addressFor("n1", "n0"))).isTrue();
    assertThat(mesh.describe()).isEqualTo("n0→n1 blocked");
  }

  @Test
  void bridgeKeepsTheMiddleNodeConnected() throws IOException {
    mesh.bridge(Set.of("n0"), Set.of("n2", "n3"));
    assertThat(passes(mesh.addressFor("n0", "n2"))).isFalse();
    assertThat(passes(mesh.addressFor("n3", "n0"))).isFalse();
    assertThat(passes(mesh.addressFor("n0", "n1"))).isTrue();
    assertThat(passes(mesh.addressFor("n1", "n3"))).isTrue();
  }

  @Test
  void nodeControlsAffectEveryLinkWithAnEndpointInTheSet() {
    mesh.delay(Set.of("n0"), 200_000, 50_000);
    mesh.loss(Set.of("n0"), 0.05);
    for (String from : NODES) {
      for (String to : NODES) {
        if (!from.equals(to)) {
          boolean touches = from.equals("n0") || to.equals("n0");
          LinkFault expected =
              touches
                  ? LinkFault.NONE.withLatency(200_000, 50_000).withDropProbability(0.05)
                  : LinkFault.NONE;
          assertThat(mesh.fault(from, to)).as("%s→%s", from, to).isEqualTo(expected);
        }
      }
    }
    assertThat(mesh.describe()).contains("n2→n0 latency 200ms±50ms, drop 5%");
  }

  @Test
  void controlsCompose() {
    mesh.isolate("n3");
    mesh.stall(mesh.nodes());
    mesh.bandwidth(Set.of("n1"), 1 << 20);
    assertThat(mesh.fault("n0", "n3")).isEqualTo(LinkFault.BLOCKED.withStalled(true));
    assertThat(mesh.fault("n0", "n1"))
        .isEqualTo(LinkFault.NONE.withStalled(true).withBandwidth(1 << 20));
    assertThat(mesh.fault("n0", "n2")).isEqualTo(LinkFault.NONE.withStalled(true));
  }

  @Test
  void healResetsEveryLink() throws IOException {
    mesh.partition(List.of(Set.of("n0", "n1"), Set.of("n2", "n3")));
    mesh.cutOneWay("n1", "n0");
    mesh.delay(mesh.nodes(), 1_000, 0);
    mesh.stall(Set.of("n2"));
    mesh.heal();
    assertThat(mesh.faults().values()).hasSize(12).containsOnly(LinkFault.NONE);
    assertThat(mesh.describe()).isEqualTo("no faults");
    for (String from : NODES) {
      for (String to : NODES) {
        if (!from.equals(to)) {
          assertThat(passes(mesh.addressFor(from, to))).as("%s→%s", from, to).isTrue();
        }
      }
    }
  }

  @Test
  void rejectsUnknownNodesAndOverlappingGroupsWithoutChangingAnything() {
    assertThatThrownBy(() -> mesh.isolate("n9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown node n9");
    assertThatThrownBy(() -> mesh.partition(List.of(Set.of("n0", "n1"), Set.of("n1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node n1 is in partition groups 0 and 1");
    assertThatThrownBy(() -> mesh.addressFor("n1", "n1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a link");
    assertThatThrownBy(() -> mesh.delay(Set.of("n0"), -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latencyMicros must be >= 0");
    assertThatThrownBy(() -> mesh.stall(Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no nodes given");
    assertThat(mesh.describe()).isEqualTo("no faults");
  }

  private static int side(String node) {
    return node.equals("n0") || node.equals("n1") ? 0 : 1;
  }
}
