package io.ledgerlab.lab.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The random nemesis draws the same steps from the same seed, one fault at a time. */
class RandomNemesisTest {
  private static final List<String> NODES = List.of("n0", "n1", "n2", "n3");

  private static List<FaultStep> draw(long seed, List<FaultKind> kinds) {
    return draw(seed, kinds, EnumSet.allOf(FaultKind.class));
  }

  private static List<FaultStep> draw(long seed, List<FaultKind> kinds, Set<FaultKind> supported) {
    return RandomNemesis.draw(
        kinds, supported, NODES, 600_000_000, 10_000_000, SeededEntropy.of(seed));
  }

  @Test
  void sameSeedSameStepsOtherSeedOtherSteps() {
    List<FaultKind> all = FaultProfile.ALL.kinds(EnumSet.allOf(FaultKind.class));

    assertThat(draw(7, all)).isEqualTo(draw(7, all)).isNotEqualTo(draw(8, all));
  }

  @Test
  void faultsFollowEachOtherWithinTheLoadAndEveryKindIsDrawn() {
    List<FaultStep> steps = draw(3, FaultProfile.ALL.kinds(EnumSet.allOf(FaultKind.class)));
    Set<FaultKind> kinds = new HashSet<>();
    long end = 0;
    for (FaultStep s : steps) {
      assertThat(s.atMicros()).isGreaterThanOrEqualTo(end);
      assertThat(s.atMicros() + s.forMicros()).isLessThanOrEqualTo(600_000_000);
      end = s.atMicros() + s.forMicros();
      kinds.add(s.fault().kind());
    }
    assertThat(kinds)
        .as("every kind but the upgrade, which only a scenario's schedule asks for")
        .containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(FaultKind.UPGRADE)));
  }

  @Test
  void anEngineSkipsTheKindsItCannotDoAndDrawsEveryOtherStepAsTheOthers() {
    Set<FaultKind> process = EnumSet.allOf(FaultKind.class);
    process.remove(FaultKind.CRASH);
    List<FaultKind> all = FaultProfile.ALL.kinds(EnumSet.allOf(FaultKind.class));

    List<FaultStep> sim = draw(5, all);
    List<FaultStep> processes = draw(5, all, process);

    assertThat(FaultProfile.CRASHES.kinds(process))
        .containsExactly(FaultKind.KILL, FaultKind.STOP, FaultKind.RESTART, FaultKind.PAUSE);
    assertThat(sim).anyMatch(s -> s.fault().kind() == FaultKind.CRASH);
    assertThat(processes)
        .isEqualTo(sim.stream().filter(s -> s.fault().kind() != FaultKind.CRASH).toList());
  }

  @Test
  void aBridgeLeavesOneNodeSeeingBothSides() {
    List<FaultStep> bridges = draw(11, List.of(FaultKind.BRIDGE));

    assertThat(bridges).isNotEmpty();
    for (FaultStep s : bridges) {
      assertThat(((Fault.Bridge) s.fault()).bridges(NODES)).hasSize(1);
    }
  }
}
