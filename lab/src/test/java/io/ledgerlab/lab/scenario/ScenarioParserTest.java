package io.ledgerlab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.SignatureScheme;
import io.ledgerlab.lab.load.RateShape;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.lab.nemesis.FaultStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Scenarios as people write them, and the one-line errors that point at the broken key. */
class ScenarioParserTest {
  private static final String FILE = "broken.yaml";

  /** The smallest network, on line 1, so the line numbers below count from the scenario's body. */
  private static final String NET = "network: {name: t}\n";

  private static Scenario parse(String yaml) throws ManifestException {
    return ScenarioParser.parse("test.yaml", yaml);
  }

  private static Path example(String name) {
    // Surefire runs in lab/; the examples live at the repository root.
    return Path.of("..", "examples", name);
  }

  // ---- The examples ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"quickstart.yaml", "byzantine.yaml", "kv-load.yaml", "sim-soak.yaml"})
  void everyExampleParses(String name) throws ManifestException {
    Scenario s = ScenarioParser.read(example(name));

    assertThat(s.name()).isEqualTo(name.replace(".yaml", ""));
    assertThat(s.network().nodes()).isNotEmpty();
    assertThat(s.workload().durationMicros()).isPositive();
  }

  @Test
  void theExampleInTheDocsParses() throws Exception {
    String doc = java.nio.file.Files.readString(Path.of("..", "docs", "scenario.md"));
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();

    Scenario s = parse(doc.substring(start, doc.indexOf("```", start)));

    assertThat(s.schedule()).hasSize(4);
    assertThat(s.workload().options()).containsEntry("skew", "0.99");
    assertThat(s.checks().thresholds()).hasSize(3);
  }

  @Test
  void quickstartHasItsScheduleAndThresholds() throws ManifestException {
    Scenario s = ScenarioParser.read(example("quickstart.yaml"));

    assertThat(s.engine()).isEqualTo("process");
    assertThat(s.workload().ratePerSecond()).isEqualTo(200);
    assertThat(s.workload().durationMicros()).isEqualTo(40_000_000);
    assertThat(s.schedule())
        .extracting(FaultStep::atMicros, FaultStep::forMicros)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(8_000_000L, 8_000_000L),
            org.assertj.core.groups.Tuple.tuple(22_000_000L, 6_000_000L));
    assertThat(s.schedule().get(1).fault())
        .isEqualTo(new Fault.Partition(List.of(Set.of("n0", "n1"), Set.of("n2", "n3"))));
    assertThat(s.checks().thresholds())
        .extracting(Scenario.Threshold::metric)
        .containsExactly("p99", "throughput");
  }

  @Test
  void otherExamplesCarryTheirSpecialParts() throws ManifestException {
    Scenario byzantine = ScenarioParser.read(example("byzantine.yaml"));
    Scenario kv = ScenarioParser.read(example("kv-load.yaml"));
    Scenario soak = ScenarioParser.read(example("sim-soak.yaml"));

    assertThat(byzantine.network().byzantine())
        .extracting(n -> n.name())
        .containsExactly("n2", "n3");
    assertThat(kv.workload().kind()).isEqualTo("kv");
    assertThat(kv.workload().shape()).isInstanceOf(RateShape.Step.class);
    assertThat(kv.workload().options()).containsEntry("mix", "a").containsEntry("records", "10000");
    assertThat(soak.engine()).isEqualTo("sim");
    assertThat(soak.nemesis()).contains(new Scenario.NemesisSpec(FaultProfile.ALL, 20_000_000));
    assertThat(soak.workload().durationMicros()).isEqualTo(600_000_000L);
  }

  // ---- Defaults -------------------------------------------------------------------------------

  @Test
  void aNetworkAloneGetsEveryDefault() throws ManifestException {
    Scenario s = parse(NET);

    assertThat(s.name()).isEqualTo("t");
    assertThat(s.engine()).isEqualTo("process");
    assertThat(s.seed()).isEqualTo(1);
    Scenario.WorkloadSpec w = s.workload();
    assertThat(w.kind()).isEqualTo("transfer");
    assertThat(w.shape()).isEqualTo(new RateShape.Constant(100));
    assertThat(w.ratePerSecond()).isEqualTo(100);
    assertThat(w.clients()).isEqualTo(8);
    assertThat(w.batch()).isEqualTo(50);
    assertThat(w.durationMicros()).isEqualTo(30_000_000);
    assertThat(w.warmupMicros()).isEqualTo(5_000_000);
    assertThat(w.options()).isEmpty();
    assertThat(s.schedule()).isEmpty();
    assertThat(s.nemesis()).isEmpty();
    assertThat(s.checks()).isEqualTo(new Scenario.ChecksSpec(30_000_000, 5_000_000, List.of()));
  }

  @Test
  void aNemesisWithoutSettingsDrawsEveryKindEveryTenSeconds() throws ManifestException {
    Scenario s = parse(NET + "faults:\n  nemesis: {}\n");

    assertThat(s.nemesis()).contains(new Scenario.NemesisSpec(FaultProfile.ALL, 10_000_000));
  }

  @Test
  void shapesAreBuiltFromTheirKeys() throws ManifestException {
    Scenario ramp =
        parse(NET + "workload: {rate: 100/s, shape: ramp, rampTo: 300/s, duration: 10s}\n");
    Scenario step = parse(NET + "workload: {shape: step, steps: [100/s, 2/m], stepEvery: 2s}\n");
    Scenario poisson = parse(NET + "workload: {rate: 50/s, shape: poisson}\n");
    Scenario closed = parse(NET + "workload: {shape: closed, clients: 16}\n");

    assertThat(ramp.workload().shape()).isEqualTo(new RateShape.Ramp(100, 300, 10_000_000_000L));
    assertThat(step.workload().shape())
        .isEqualTo(new RateShape.Step(List.of(100.0, 2 / 60.0), 2_000_000_000L));
    assertThat(poisson.workload().shape())
        .as("gaps drawn from the scenario's seed (1)")
        .isEqualTo(new RateShape.Poisson(50, 1));
    assertThat(poisson.withSeed(9).workload().shape()).isEqualTo(new RateShape.Poisson(50, 9));
    assertThat(closed.workload().shape()).isNull();
    assertThat(closed.workload().clients()).isEqualTo(16);
  }

  @Test
  void keysAShapeOrAFaultDoesNotReadAreRefusedAtTheirPlace() {
    assertThatThrownBy(() -> parse(NET + "workload: {shape: closed, rate: 10/s}\n"))
        .hasMessageContaining("workload.rate: expected no rate with shape closed");
    assertThatThrownBy(() -> parse(NET + "workload: {rampTo: 10/s}\n"))
        .hasMessageContaining("workload.rampTo: expected this key only with shape ramp");
    assertThatThrownBy(
            () ->
                parse(
                    NET
                        + "faults:\n  schedule:\n"
                        + "    - {at: 1s, fault: kill, node: n1, probability: 0.5}\n"))
        .hasMessageContaining(
            "faults.schedule.0.probability: expected no 'probability' on a kill fault, which takes"
                + " [node]");
  }

  @Test
  void aLoadThatWouldFillTheHistoryIsRefused() {
    assertThatThrownBy(() -> parse(NET + "workload: {rate: 100000/s, duration: 1h}\n"))
        .hasMessageContaining("workload.duration: expected at most 2500000 operations a run");
  }

  @Test
  void aCanaryCannotSitOnAByzantineNode() {
    assertThatThrownBy(
            () ->
                parse(
                    "network:\n  name: t\n  nodes:\n    - {name: n0}\n"
                        + "    - {name: n1, behaviour: silent, canary: mint}\n"))
        .hasMessageContaining(
            "network.nodes.1.canary: expected no canary on a node that is Byzantine");
  }

  // ---- Broken scenarios -----------------------------------------------------------------------

  /**
   * One broken scenario: the message must name the file, the place, the key path and say what was
   * expected.
   *
   * @param place {@code line:column}
   * @param key the dotted key path
   */
  private record Broken(String what, String yaml, String place, String key, String expected) {
    @Override
    public String toString() {
      return what;
    }
  }

  private static String step(String fields) {
    return NET + "faults:\n  schedule:\n    - " + fields.replace("\n", "\n      ") + "\n";
  }

  static Stream<Broken> brokenScenarios() {
    return Stream.of(
        new Broken(
            "unknown top-level key",
            NET + "workloads: {}\n",
            "2:1",
            "workloads",
            "unknown key 'workloads'; expected one of"),
        new Broken(
            "unknown key under workload",
            NET + "workload:\n  rate: 10/s\n  rat: 5/s\n",
            "4:3",
            "workload.rat",
            "unknown key 'rat'"),
        new Broken(
            "network missing",
            "name: x\nengine: sim\n",
            "1:1",
            "network",
            "expected a network (as in a manifest)"),
        new Broken(
            "a bad network inside the scenario",
            "network:\n  name: t\n  validators: 0\n",
            "3:3",
            "network.validators",
            "expected between 1 and 64"),
        new Broken(
            "an unknown signature scheme",
            NET + "engine: sim\nsimulation:\n  signatures: rsa\n",
            "4:3",
            "simulation.signatures",
            "expected ed25519 or simulated, got 'rsa'"),
        new Broken(
            "an unknown key under simulation",
            NET + "engine: sim\nsimulation:\n  signature: simulated\n",
            "4:3",
            "simulation.signature",
            "unknown key 'signature'"),
        new Broken(
            "simulation settings on the process engine",
            NET + "simulation:\n  signatures: simulated\n",
            "2:1",
            "simulation",
            "simulation settings apply to the sim engine; the process engine runs real node"
                + " software"),
        new Broken(
            "direct links on the sim engine",
            "network: {name: t, links: {via: direct}}\nengine: sim\n",
            "1:28",
            "network.links.via",
            "direct links apply to the process engine"),
        new Broken(
            "a link fault on direct links",
            "network: {name: t, links: {via: direct}}\nfaults:\n  schedule:\n"
                + "    - {at: 1s, fault: partition, groups: [[n0], [n1, n2, n3]]}\n",
            "4:16",
            "faults.schedule.0.fault",
            "cannot put 'partition' into effect; it can: [kill, stop, restart, pause, skew, upgrade]"
                + " (the links are direct: /network/links/via)"),
        new Broken(
            "a nemesis of partitions on direct links",
            "network: {name: t, links: {via: direct}}\nfaults:\n  nemesis:\n"
                + "    profile: partitions\n",
            "4:5",
            "faults.nemesis.profile",
            "(the links are direct: /network/links/via)"),
        new Broken(
            "bad engine",
            NET + "engine: docker\n",
            "2:1",
            "engine",
            "expected one of [process, sim], got 'docker'"),
        new Broken(
            "bad rate",
            NET + "workload:\n  rate: fast\n",
            "3:3",
            "workload.rate",
            "expected a rate such as 500/s, got 'fast'"),
        new Broken(
            "bad shape",
            NET + "workload:\n  shape: zigzag\n",
            "3:3",
            "workload.shape",
            "expected constant, ramp, step, poisson or closed, got 'zigzag'"),
        new Broken(
            "ramp without rampTo",
            NET + "workload:\n  shape: ramp\n",
            // Absent keys are reported at their parent.
            "2:1",
            "workload.rampTo",
            "expected the final rate of the ramp"),
        new Broken(
            "step without steps",
            NET + "workload:\n  shape: step\n",
            "2:1",
            "workload.steps",
            "expected a list of rates"),
        new Broken(
            "a step rate without a unit",
            NET + "workload:\n  shape: step\n  steps: [100/s, 200]\n",
            "4:18",
            "workload.steps.1",
            "got '200'"),
        new Broken(
            "no clients",
            NET + "workload:\n  clients: 0\n",
            "3:3",
            "workload.clients",
            "expected between 1 and 256"),
        new Broken(
            "batch too large",
            NET + "workload:\n  batch: 500\n",
            "3:3",
            "workload.batch",
            "expected between 1 and 100"),
        new Broken(
            "unknown workload kind",
            NET + "workload:\n  kind: mine\n",
            "3:3",
            "workload.kind",
            "expected one of [call, erc20, kv, none, noop, transfer], got 'mine'"),
        new Broken(
            "unknown option for transfer",
            NET + "workload:\n  options:\n    mix: a\n",
            "3:3",
            "workload.options",
            "workload.options.mix: unknown option; expected one of [skew]"),
        new Broken(
            "kv mix d",
            NET + "workload:\n  kind: kv\n  options: {mix: d}\n",
            "4:3",
            "workload.options",
            "workload.options.mix: expected a, b or c (YCSB), got 'd'"),
        new Broken(
            "fault of an unknown kind",
            step("at: 1s\nfault: meteor"),
            "5:7",
            "faults.schedule.0.fault",
            "got 'meteor'"),
        new Broken(
            "a fault without its kind",
            step("at: 1s\nnode: n0"),
            "4:7",
            "faults.schedule.0.fault",
            "got 'null'"),
        new Broken(
            "fault past the end of the load",
            step("at: 40s\nfault: stall"),
            "4:7",
            "faults.schedule.0.at",
            "expected a time within the load phase (0 to 30s)"),
        new Broken(
            "kill without a node",
            step("at: 1s\nfault: kill"),
            "4:7",
            "faults.schedule.0.node",
            "expected one of the network's nodes [n0, n1, n2, n3], got 'null'"),
        new Broken(
            "kill of a node not in the network",
            step("at: 1s\nfault: kill\nnode: n9"),
            "6:7",
            "faults.schedule.0.node",
            "got 'n9'"),
        new Broken(
            "partition into one group",
            step("at: 1s\nfault: partition\ngroups: [[n0, n1, n2, n3]]"),
            "6:7",
            "faults.schedule.0.groups",
            "expected at least two groups"),
        new Broken(
            "partition naming a stranger",
            step("at: 1s\nfault: partition\ngroups: [[n0, n1], [n2, x7]]"),
            "6:31",
            "faults.schedule.0.groups.1.1",
            "got 'x7'"),
        new Broken(
            "loss with probability 2",
            step("at: 1s\nfault: loss\nprobability: 2"),
            "6:7",
            "faults.schedule.0.probability",
            "expected a probability in (0, 1]"),
        new Broken(
            "skew without offset",
            step("at: 1s\nfault: skew\nnode: n1"),
            "4:7",
            "faults.schedule.0.offset",
            "expected"),
        new Broken(
            "a negative 'for'",
            step("at: 1s\nfault: pause\nnode: n1\nfor: -2s"),
            "7:7",
            "faults.schedule.0.for",
            "expected a duration ≥ 0"),
        new Broken(
            "bad nemesis profile",
            NET + "faults:\n  nemesis:\n    profile: meteors\n",
            "4:5",
            "faults.nemesis.profile",
            "expected partitions, links, crashes, clock-skew or all, got 'meteors'"),
        new Broken(
            "malformed threshold",
            NET + "checks:\n  thresholds:\n    - p99 < 2s\n    - p99 is small\n",
            "5:7",
            "checks.thresholds.1",
            "expected 'metric op value'"),
        new Broken(
            "threshold in parsecs",
            NET + "checks:\n  thresholds: [\"p99 < 2 parsecs\"]\n",
            "3:16",
            "checks.thresholds.0",
            "expected a latency such as 2s or 500ms, got '2 parsecs'"),
        new Broken(
            "threshold with a unit that is not a latency",
            NET + "checks:\n  thresholds: [\"p99 < 2parsecs\"]\n",
            "3:16",
            "checks.thresholds.0",
            "expected a latency such as 2s or 500ms, got '2parsecs'"),
        new Broken(
            "throughput threshold without a rate",
            NET + "checks:\n  thresholds: [\"throughput > 500\"]\n",
            "3:16",
            "checks.thresholds.0",
            "expected a rate such as 500/s, got '500'"),
        new Broken(
            "liveness bound under a second",
            NET + "checks:\n  liveness: 10ms\n",
            "3:3",
            "checks.liveness",
            "expected at least 1s"),
        new Broken("seed as a word", NET + "seed: lucky\n", "2:7", "seed", "lucky"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenScenarios")
  void aBrokenScenarioIsNamedByFileLineColumnAndKey(Broken b) {
    assertThatThrownBy(() -> ScenarioParser.parse(FILE, b.yaml()))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(FILE + ":" + b.place() + ": " + b.key() + ": ")
        .hasMessageContaining(b.expected());
  }

  // ---- Thresholds -----------------------------------------------------------------------------

  @Test
  void thresholdsAreInBaseUnits() throws ManifestException {
    Scenario s =
        parse(
            NET
                + "checks:\n  thresholds:\n"
                + "    - p99 < 2s\n"
                + "    - \"p50<=250ms\"\n"
                + "    - max < 1500us\n"
                + "    - throughput > 500/s\n"
                + "    - throughput >= 120/m\n"
                + "    - committed >= 1000\n"
                + "    - rejected < 1\n");

    assertThat(s.checks().thresholds())
        .extracting(Scenario.Threshold::metric, Scenario.Threshold::op, Scenario.Threshold::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p99", "<", 2000.0),
            org.assertj.core.groups.Tuple.tuple("p50", "<=", 250.0),
            org.assertj.core.groups.Tuple.tuple("max", "<", 1.5),
            org.assertj.core.groups.Tuple.tuple("throughput", ">", 500.0),
            org.assertj.core.groups.Tuple.tuple("throughput", ">=", 2.0),
            org.assertj.core.groups.Tuple.tuple("committed", ">=", 1000.0),
            org.assertj.core.groups.Tuple.tuple("rejected", "<", 1.0));
    assertThat(s.checks().thresholds().get(1).text()).isEqualTo("p50<=250ms");
  }

  @Test
  void aThresholdHoldsByItsOperator() throws ManifestException {
    List<Scenario.Threshold> t =
        parse(NET + "checks: {thresholds: [p99 < 2s, committed >= 10]}\n").checks().thresholds();

    assertThat(t.get(0).holds(1999)).isTrue();
    assertThat(t.get(0).holds(2000)).isFalse();
    assertThat(t.get(1).holds(10)).isTrue();
    assertThat(t.get(1).holds(9)).isFalse();
  }

  // ---- Faults ---------------------------------------------------------------------------------

  private static FaultStep onlyStep(String fields) throws ManifestException {
    List<FaultStep> steps = parse(step(fields)).schedule();
    assertThat(steps).hasSize(1);
    return steps.get(0);
  }

  @Test
  void aKillIsANodeFaultWithItsWindow() throws ManifestException {
    FaultStep s = onlyStep("at: 5s\nfault: kill\nnode: n2\nfor: 3s");

    assertThat(s.atMicros()).isEqualTo(5_000_000);
    assertThat(s.forMicros()).isEqualTo(3_000_000);
    assertThat(s.endMicros()).isEqualTo(8_000_000);
    assertThat(s.fault()).isEqualTo(new Fault.OnNode(FaultKind.KILL, "n2"));
    assertThat(s.fault().target()).isEqualTo("n2");
    assertThat(s.source()).isEqualTo("/faults/schedule/0");
  }

  @Test
  void aPauseLastsItsWindow() throws ManifestException {
    FaultStep s = onlyStep("at: 1s\nfault: pause\nnode: n0\nfor: 500ms");

    assertThat(s.forMicros()).isEqualTo(500_000);
    assertThat(s.fault()).isEqualTo(new Fault.OnNode(FaultKind.PAUSE, "n0"));
  }

  @Test
  void aPartitionNamesItsGroups() throws ManifestException {
    FaultStep s = onlyStep("at: 1s\nfault: partition\ngroups: [[n0], [n1, n2, n3]]\nfor: 4s");

    assertThat(s.fault().target()).isEqualTo("n0 | n1,n2,n3");
  }

  @Test
  void aBridgeNeedsANodeInNeitherSide() throws ManifestException {
    FaultStep s = onlyStep("at: 1s\nfault: bridge\ngroups: [[n0], [n2, n3]]\nfor: 4s");

    Fault.Bridge bridge = (Fault.Bridge) s.fault();
    assertThat(bridge.bridges(List.of("n0", "n1", "n2", "n3"))).containsExactly("n1");
    assertThatThrownBy(() -> onlyStep("at: 1s\nfault: bridge\ngroups: [[n0, n1], [n2, n3]]"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("faults.schedule.0.groups")
        .hasMessageContaining("it is the bridge that sees both");
  }

  @Test
  void aSkewCarriesItsSignedOffset() throws ManifestException {
    FaultStep ahead = onlyStep("at: 1s\nfault: skew\nnode: n1\noffset: +2s\nfor: 5s");
    FaultStep behind = onlyStep("at: 1s\nfault: skew\nnode: n1\noffset: -500ms");

    assertThat(ahead.fault()).isEqualTo(new Fault.Skew("n1", 2_000_000));
    assertThat(behind.fault()).isEqualTo(new Fault.Skew("n1", -500_000));
  }

  @Test
  void withoutForAFaultLastsUntilTheHeal() throws ManifestException {
    FaultStep s = onlyStep("at: 1s\nfault: stop\nnode: n3");

    assertThat(s.forMicros()).isZero();
    assertThat(s.endMicros()).isEqualTo(-1);
  }

  @Test
  void aRestartHasNoWindow() {
    assertThatThrownBy(() -> onlyStep("at: 1s\nfault: restart\nnode: n3\nfor: 2s"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("faults.schedule.0.for")
        .hasMessageContaining("a restart is a stop and a start at once");
  }

  @Test
  void linkFaultsCarryTheirParameters() throws ManifestException {
    FaultStep delay = onlyStep("at: 1s\nfault: delay\nlatency: 100ms\njitter: 20ms\nnodes: [n0]");
    FaultStep loss = onlyStep("at: 1s\nfault: loss\nprobability: 0.25");
    FaultStep bandwidth = onlyStep("at: 1s\nfault: bandwidth\nbandwidth: 64KiB");
    FaultStep cut = onlyStep("at: 1s\nfault: cut\nfrom: n0\nto: n1");

    assertThat(delay.fault())
        .isEqualTo(
            new Fault.Degrade(
                FaultKind.DELAY, Set.of("n0"), new LinkState(false, false, 100_000, 20_000, 0, 0)));
    assertThat(((Fault.Degrade) loss.fault()).state().loss()).isEqualTo(0.25);
    assertThat(((Fault.Degrade) loss.fault()).nodes()).isEmpty();
    assertThat(((Fault.Degrade) bandwidth.fault()).state().bandwidthBytesPerSecond())
        .isEqualTo(65_536);
    assertThat(cut.fault()).isEqualTo(new Fault.Cut(Set.of("n0"), Set.of("n1")));
    assertThat(cut.fault().target()).isEqualTo("n0→n1");
  }

  @Test
  void anEngineThatCannotDoAFaultIsNamedAtTheFaultsLine() {
    assertThatThrownBy(
            () -> parse(NET + "faults:\n  schedule:\n    - {at: 1s, fault: crash, node: n1}\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("test.yaml:4:")
        .hasMessageContaining("faults.schedule.0.fault: the process engine cannot put 'crash'")
        .hasMessageContaining("needs the sim engine");
  }

  @Test
  void anEngineGivenOnTheCommandLineIsTheOneTheFileIsCheckedAgainst() throws Exception {
    String crash =
        NET + "engine: process\nfaults:\n  schedule:\n    - {at: 1s, fault: crash, node: n1}\n";

    assertThat(ScenarioParser.parse("test.yaml", crash, "sim").engine()).isEqualTo("sim");
    assertThatThrownBy(() -> ScenarioParser.parse("test.yaml", NET, "docker"))
        .isInstanceOf(ManifestException.class)
        .hasMessage("--engine: expected one of [process, sim], got 'docker'");
  }

  @Test
  void theSignatureSchemeIsEd25519UnlessTheSimulationAsksForItsOwn() throws ManifestException {
    assertThat(parse(NET + "engine: sim\n").signatures()).isEqualTo(SignatureScheme.ED25519);
    assertThat(parse(NET + "engine: sim\nsimulation: {signatures: ed25519}\n").signatures())
        .isEqualTo(SignatureScheme.ED25519);
    Scenario simulated = parse(NET + "engine: sim\nsimulation:\n  signatures: simulated\n");
    assertThat(simulated.signatures()).isEqualTo(SignatureScheme.SIMULATED);
    // The scheme survives what the pipeline and the sweeps do to a scenario.
    assertThat(simulated.withSeed(9).signatures()).isEqualTo(SignatureScheme.SIMULATED);
    assertThat(simulated.withLoadDuration(1_000_000).signatures())
        .isEqualTo(SignatureScheme.SIMULATED);
  }

  @Test
  void simulationSettingsAreRejectedWhenTheCommandLineChoosesTheProcessEngine() {
    String yaml = NET + "engine: sim\nsimulation:\n  signatures: simulated\n";
    assertThatThrownBy(() -> ScenarioParser.parse("test.yaml", yaml, "process"))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("test.yaml:3:1: simulation: ")
        .hasMessageContaining("remove 'simulation' or use the sim engine");
  }

  @Test
  void theSimEngineRejectsLaunchSettingsAndTheProcessEngineTwins() {
    assertThatThrownBy(
            () ->
                parse(
                    "engine: sim\nnetwork:\n  name: t\n  validators: 4\n  launch:\n"
                        + "    basePort: 20000\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageMatching(
            "test\\.yaml:5:\\d+: network\\.launch: .*runs every node in this JVM.*");
    assertThatThrownBy(
            () ->
                parse(
                    "network:\n  name: t\n  nodes:\n    - {name: n0}\n    - {name: n1, twin: true}\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("network.nodes.1.twin: the process engine cannot run twins");
  }

  @Test
  void aContainerImageIsRejectedOnTheProcessEngineWithItsPosition(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
    Path file = dir.resolve("image.yaml");
    Files.writeString(file, "network:\n  name: t\n  validators: 4\n  launch:\n    image: .\n");

    assertThatThrownBy(() -> ScenarioParser.read(file))
        .isInstanceOf(ManifestException.class)
        .hasMessageMatching(".*image\\.yaml:5:\\d+: network\\.launch\\.image: .*docker engine.*");
  }

  @Test
  void anImageThatIsNoBuildContextIsRejected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("image.yaml");
    Files.writeString(
        file, "network:\n  name: t\n  validators: 4\n  launch:\n    image: nowhere\n");

    assertThatThrownBy(() -> ScenarioParser.read(file))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("network.launch.image: expected a directory holding a Dockerfile")
        .hasMessageContaining("is not a directory");
  }

  @Test
  void aNetworkOfOnlyByzantineNodesIsRejected() {
    assertThatThrownBy(
            () ->
                parse(
                    "network:\n  name: t\n  nodes:\n    - {name: n0, behaviour: silent}\n"
                        + "    - {name: n1, behaviour: equivocate}\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("network.nodes")
        .hasMessageContaining("at least one honest node");
  }

  @Test
  void aShorterLoadDropsTheFaultsPastItsEnd() throws ManifestException {
    Scenario s =
        parse(
            NET
                + "workload: {duration: 60s}\n"
                + "faults:\n  schedule:\n"
                + "    - {at: 5s, fault: kill, node: n0, for: 10s}\n"
                + "    - {at: 20s, fault: stall}\n"
                + "    - {at: 45s, fault: pause, node: n1}\n");

    Scenario shorter = s.withLoadDuration(20_000_000);

    assertThat(shorter.workload().durationMicros()).isEqualTo(20_000_000);
    assertThat(shorter.schedule()).extracting(FaultStep::atMicros).containsExactly(5_000_000L);
    assertThat(shorter.workload().warmupMicros()).isEqualTo(s.workload().warmupMicros());
    assertThat(s.schedule()).hasSize(3);
    assertThat(s.withLoadDuration(120_000_000).schedule()).hasSize(3);
  }

  @Test
  void seedAndEngineCanBeOverriddenFromTheCommandLine() throws ManifestException {
    Scenario s = parse(NET + "seed: 7\n");

    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.withSeed(42).seed()).isEqualTo(42);
    assertThat(s.withEngine("sim").engine()).isEqualTo("sim");
    assertThat(s.withEngine("sim").workload()).isEqualTo(s.workload());
  }

  @Test
  void ratesInOtherUnitsArePerSecond() throws ManifestException {
    assertThat(parse(NET + "workload: {rate: 600/m}\n").workload().ratePerSecond())
        .isCloseTo(10, within(1e-9));
  }
}
