package io.ledgerlab.lab.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.consensus.Canary;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Observers, relay and rescue in a manifest, and the refusals that point at the key. */
class ObserversManifestTest {
  private static final String FILE = "observers.yaml";

  @Test
  void observersAreNamedAfterTheValidatorsAndHoldNoPower() throws ManifestException {
    Network n = ManifestParser.parse(FILE, "name: t\nobservers: 2\nrelay: true\nrescueAfter: 2s\n");

    assertThat(n.nodes())
        .extracting(Network.NodeSpec::name)
        .containsExactly("n0", "n1", "n2", "n3", "o0", "o1");
    assertThat(n.validators()).extracting(Network.NodeSpec::name).hasSize(4);
    assertThat(n.observers()).extracting(Network.NodeSpec::name).containsExactly("o0", "o1");
    assertThat(n.observers())
        .allSatisfy(
            o -> {
              assertThat(o.role()).isEqualTo(Network.Role.OBSERVER);
              assertThat(o.power()).isZero();
              assertThat(o.honest()).isTrue();
            });
    // Observers count in no Byzantine bound: 4 validators tolerate 1, whatever observes.
    assertThat(n.power()).isEqualTo(4);
    assertThat(n.toleranceSentence()).isEqualTo("0 Byzantine of 4 is within f = 1");
    assertThat(n.honest()).hasSize(6);
    assertThat(n.relay()).isTrue();
    assertThat(n.rescueAfterMicros()).isEqualTo(2_000_000);
  }

  @Test
  void withoutTheKeysNothingObservesRelaysOrRescues() throws ManifestException {
    Network n = ManifestParser.parse(FILE, "name: t\n");

    assertThat(n.observers()).isEmpty();
    assertThat(n.relay()).isFalse();
    assertThat(n.rescueAfterMicros()).isZero();
  }

  @Test
  void aListedObserverKeepsItsVersionCanaryAndClockOffset() throws ManifestException {
    Network n =
        ManifestParser.parse(
            FILE,
            """
            name: t
            versions:
              bad: {canary: mint}
              good: {}
            nodes:
              - {name: a, version: bad}
              - {name: b, version: bad, power: 2}
              - {name: watcher, role: observer, version: good, clockOffset: +1s}
              - {name: c, role: validator, version: bad}
            observers: 1
            validators: 3
            """);

    assertThat(n.validators()).extracting(Network.NodeSpec::name).containsExactly("a", "b", "c");
    assertThat(n.observers()).extracting(Network.NodeSpec::name).containsExactly("watcher", "o0");
    Network.NodeSpec watcher = n.node("watcher");
    assertThat(watcher.version()).isEqualTo("good");
    assertThat(watcher.clockOffsetMicros()).isEqualTo(1_000_000);
    assertThat(n.canary(watcher)).isEqualTo(Canary.NONE);
    assertThat(n.canary(n.node("a"))).isEqualTo(Canary.MINT);
    assertThat(n.power()).isEqualTo(4);
  }

  private record Refused(String what, String yaml, String place, String key, String expected) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Arguments> refused() {
    return Stream.of(
            new Refused(
                "power on an observer",
                "name: t\nnodes:\n  - name: n0\n  - name: w\n    role: observer\n    power: 3\n",
                "6:5",
                "nodes.1.power",
                "no power on an observer"),
            new Refused(
                "behaviour on an observer",
                "name: t\nnodes:\n  - name: n0\n  - {name: w, role: observer, behaviour: silent}\n",
                "4:31",
                "nodes.1.behaviour",
                "no behaviour on an observer"),
            new Refused(
                "twin on an observer",
                "name: t\nnodes:\n  - name: n0\n  - {name: w, role: observer, twin: true}\n",
                "4:31",
                "nodes.1.twin",
                "no twin on an observer"),
            new Refused(
                "a signer's canary on an observer",
                "name: t\nnodes:\n  - name: n0\n  - {name: w, role: observer, canary: double-sign}\n",
                "4:31",
                "nodes.1.canary",
                "no canary 'double-sign' on an observer: it breaks how a validator signs"),
            new Refused(
                "a vote counter's canary on an observer",
                "name: t\nnodes:\n  - name: n0\n  - {name: w, role: observer, canary: half-quorum}\n",
                "4:31",
                "nodes.1.canary",
                "no canary 'half-quorum' on an observer"),
            new Refused(
                "a signer's version canary in a network with an observer",
                "name: t\nversions:\n  v1: {}\n  v2: {canary: ignore-lock}\nvalidators: 4\nobservers: 1\n",
                "4:8",
                "versions.v2.canary",
                "no version canary 'ignore-lock' in a network with an observer (o0)"),
            new Refused(
                "an unknown role",
                "name: t\nnodes:\n  - {name: n0, role: watcher}\n",
                "3:16",
                "nodes.0.role",
                "expected validator or observer, got 'watcher'"),
            new Refused(
                "observers alone",
                "name: t\nnodes:\n  - {name: w0, role: observer}\n  - {name: w1, role: observer}\n",
                "2:1",
                "nodes",
                "at least one node with role validator"),
            new Refused(
                "a generated observer's name taken",
                "name: t\nobservers: 2\nnodes:\n  - name: n0\n  - name: o1\n",
                "2:1",
                "observers",
                "a node under 'nodes' is named o1"),
            new Refused(
                "negative observers",
                "name: t\nobservers: -1\n",
                "2:1",
                "observers",
                "expected between 0 and 60"),
            new Refused(
                "too many nodes with observers",
                "name: t\nvalidators: 60\nobservers: 5\n",
                "3:1",
                "observers",
                "at most 64 nodes in all"),
            new Refused(
                "validators counting an observer",
                "name: t\nvalidators: 2\nnodes:\n  - name: n0\n  - {name: w, role: observer}\n",
                "2:1",
                "validators",
                "the number of entries under 'nodes' (1, observers not counted)"),
            new Refused(
                "rescue without observers",
                "name: t\nrescueAfter: 2s\n",
                "2:1",
                "rescueAfter",
                "no rescueAfter without observers"),
            new Refused(
                "rescue without a unit",
                "name: t\nobservers: 1\nrescueAfter: 2\n",
                "3:1",
                "rescueAfter",
                "a duration such as 250ms"),
            new Refused(
                "rescue too soon",
                "name: t\nobservers: 1\nrescueAfter: 10ms\n",
                "3:1",
                "rescueAfter",
                "between 100ms and 10m"),
            new Refused(
                "relay as a word", "name: t\nrelay: sometimes\n", "2:8", "relay", "sometimes"))
        .map(Arguments::of);
  }

  @Test
  void anObserverTakesACanaryThatDoesNotActThroughSigning() throws ManifestException {
    Network n =
        ManifestParser.parse(
            FILE, "name: t\nnodes:\n  - name: n0\n  - {name: w, role: observer, canary: crash}\n");
    assertThat(n.canary(n.node("w"))).isEqualTo(Canary.CRASH);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void aRefusalNamesFileLineColumnAndKey(Refused r) {
    assertThatThrownBy(() -> ManifestParser.parse(FILE, r.yaml()))
        .isInstanceOf(ManifestException.class)
        .message()
        .startsWith(FILE + ":" + r.place() + ": " + r.key() + ": ")
        .contains(r.expected());
  }
}
