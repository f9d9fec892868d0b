package io.ledgerlab.lab.sim;

import static io.ledgerlab.lab.testing.Runs.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.process.RunFiles;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sim engine honours the whole scenario file — network, workload, schedule and checks — as the
 * process engine does; what it cannot honour it rejects (see ScenarioParserTest). Each assertion
 * would fail if the simulator fell back to its own defaults.
 */
class SimHonoursTheScenarioTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void networkWorkloadScheduleAndChecksAreAllInForce() throws Exception {
    Runs runs = new Runs(dir);
    RunSummary r =
        runs.run(
            """
            name: honoured
            engine: sim
            seed: 4
            network:
              name: honoured
              accounts: 7
              blockInterval: 2s
              nodes:
                - {name: n0, power: 2}
                - {name: n1}
                - {name: n2, behaviour: silent}
                - {name: n3}
                - {name: n4}
            workload:
              kind: kv
              shape: step
              steps: [20/s, 40/s]
              stepEvery: 5s
              clients: 3
              batch: 4
              duration: 20s
              warmup: 2s
              options: {mix: b, records: "50"}
            faults:
              schedule:
                - {at: 5s, fault: stall, nodes: [n3], for: 3s}
            checks:
              liveness: 25s
              quiet: 4s
              thresholds: ["committed > 10"]
            """);
    Path run = runs.lastRun();

    assertThat(r.verdict()).as("%s", r.checks()).isEqualTo("VALID");
    assertThat(RunFiles.accounts(new RunLayout(run))).as("accounts").hasSize(7);
    assertThat(Files.readString(run.resolve("genesis.yaml"))).contains("power: 2");
    assertThat(r.network().nodes())
        .extracting(
            RunSummary.NodeInfo::name, RunSummary.NodeInfo::role, RunSummary.NodeInfo::power)
        .contains(
            org.assertj.core.groups.Tuple.tuple("n0", "honest", 2L),
            org.assertj.core.groups.Tuple.tuple("n2", "byzantine", 1L));
    assertThat(r.network().tolerance())
        .isEqualTo("Byzantine power 1 of 6 is within the 1 tolerated (less than a third)");

    // 20/s for 5 s, then 40/s for 15 s; reads answered by one node (mix b: 95% reads).
    assertThat(r.stats().submitted()).isBetween(690L, 710L);
    assertThat(r.stats().latencyMillis()).containsKey("read");
    // A block every 2 s at most: the block interval holds.
    long highest =
        r.heights().stream()
            .flatMap(s -> s.points().stream())
            .mapToLong(p -> (long) p[1])
            .max()
            .orElse(0);
    assertThat(highest).isLessThanOrEqualTo((long) (r.durationSeconds() / 2) + 1);

    RunSummary.Phase load = phase(r, "load under faults");
    RunSummary.FaultWindow stall =
        r.faults().stream().filter(f -> f.fault().equals("stall")).findFirst().orElseThrow();
    assertThat(stall.start() - load.start()).isCloseTo(5, within(0.01));
    assertThat(stall.end() - stall.start()).isCloseTo(3, within(0.01));
    assertThat(phase(r, "quiet").end() - phase(r, "quiet").start()).isCloseTo(4, within(0.01));
    assertThat(check(r, "liveness").details()).contains("bound 25 s");
    assertThat(check(r, "threshold: committed > 10").validity()).isEqualTo("VALID");
  }

  @Test
  void aClosedLoopKeepsEachClientToOneTransactionInFlight() throws Exception {
    Runs runs = new Runs(dir);
    RunSummary r =
        runs.run(
            """
            name: closed
            engine: sim
            network: {name: closed, validators: 4, blockInterval: 200ms}
            workload: {shape: closed, clients: 2, duration: 15s, warmup: 0s}
            checks: {liveness: 20s, quiet: 2s}
            """);

    assertThat(r.verdict()).as("%s", r.checks()).isEqualTo("VALID");
    int open = 0;
    int most = 0;
    for (String line : Files.readAllLines(runs.lastRun().resolve("history.jsonl"))) {
      JsonNode e = JSON.readTree(line);
      open += e.path("type").asText().equals("invoke") ? 1 : -1;
      most = Math.max(most, open);
    }
    assertThat(most).as("transactions in flight at once").isEqualTo(2);
    assertThat(r.stats().committed()).isGreaterThan(20);
  }

  @Test
  void theNoneWorkloadSendsNothingAndRunsTheScheduleForItsDuration() throws Exception {
    Runs runs = new Runs(dir);
    RunSummary r =
        runs.run(
            """
            name: idle
            engine: sim
            network: {name: idle, validators: 4, blockInterval: 200ms}
            workload: {kind: none, duration: 12s}
            faults:
              schedule:
                - {at: 3s, fault: partition, groups: [[n0, n1], [n2, n3]], for: 4s}
            checks: {liveness: 20s, quiet: 1s}
            """);

    // Nothing was sent, so nothing could be lost: durability cannot say VALID, and the verdict
    // does not either.
    assertThat(check(r, "durability").validity()).isEqualTo("UNKNOWN");
    assertThat(r.checks())
        .filteredOn(c -> !c.name().equals("durability"))
        .allMatch(c -> c.validity().equals("VALID"));
    assertThat(r.verdict()).isEqualTo("UNKNOWN");
    assertThat(r.stats().submitted()).isZero();
    assertThat(Files.readAllLines(runs.lastRun().resolve("history.jsonl"))).isEmpty();
    assertThat(r.notes()).anyMatch(n -> n.contains("'none' workload sent no load"));
    RunSummary.Phase load = phase(r, "load under faults");
    assertThat(load.end() - load.start()).isCloseTo(12, within(0.5));
    assertThat(r.faults()).extracting(RunSummary.FaultWindow::fault).containsExactly("partition");
  }

  private static RunSummary.Phase phase(RunSummary r, String name) {
    List<RunSummary.Phase> found = r.phases().stream().filter(p -> p.name().equals(name)).toList();
    assertThat(found).as("phase %s", name).hasSize(1);
    return found.get(0);
  }
}
