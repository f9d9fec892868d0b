package io.ledgerlab.lab.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.NodeStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Faults compose and each undoes only itself: the composition every engine gets. (The engines' own
 * tests show each primitive taking effect.)
 */
class FaultsTest {
  private static final LinkState DELAY = new LinkState(false, false, 100_000, 0, 0, 0);

  private final RecordingEngine engine = new RecordingEngine("n0", "n1", "n2", "n3");
  private final Faults faults = new Faults(engine, Map.of(), Map.of("n2", 7L));

  @Test
  void theEndOfAShortDelayLeavesALongPauseInForce() {
    Undo pause = faults.apply(new Fault.OnNode(FaultKind.PAUSE, "n3"));
    Undo delay = faults.apply(new Fault.Degrade(FaultKind.DELAY, Set.of(), DELAY));

    delay.undo();

    assertThat(engine.status("n3")).isEqualTo(NodeStatus.PAUSED);
    assertThat(engine.link("n0", "n1")).isEqualTo(LinkState.NONE);
    pause.undo();
    assertThat(engine.status("n3")).isEqualTo(NodeStatus.RUNNING);
  }

  @Test
  void twoPartitionsEachUndoOnlyTheirOwnLinks() {
    Undo first = faults.apply(new Fault.Isolate("n0"));
    Undo second = faults.apply(new Fault.Cut(Set.of("n1"), Set.of("n2")));

    first.undo();

    assertThat(engine.link("n0", "n1").blocked()).isFalse();
    assertThat(engine.link("n1", "n2").blocked()).as("the cut stays").isTrue();
    assertThat(engine.link("n2", "n1").blocked()).as("one way only").isFalse();
    second.undo();
    assertThat(engine.links.values()).allMatch(LinkState::isNone);
  }

  @Test
  void linkFaultsInForceTogetherCombine() {
    faults.apply(new Fault.Degrade(FaultKind.DELAY, Set.of("n0"), DELAY));
    faults.apply(new Fault.Degrade(FaultKind.DELAY, Set.of(), DELAY));
    faults.apply(
        new Fault.Degrade(FaultKind.LOSS, Set.of("n0"), new LinkState(false, false, 0, 0, 0.5, 0)));
    faults.apply(
        new Fault.Degrade(FaultKind.LOSS, Set.of("n0"), new LinkState(false, false, 0, 0, 0.5, 0)));

    assertThat(engine.link("n0", "n1").latencyMicros()).isEqualTo(200_000);
    assertThat(engine.link("n2", "n1").latencyMicros()).isEqualTo(100_000);
    assertThat(engine.link("n1", "n0").loss()).isEqualTo(0.75);
  }

  @Test
  void aBridgeCutsTheSidesAndLeavesTheBridgeSeeingBoth() {
    faults.apply(new Fault.Bridge(Set.of("n0"), Set.of("n2", "n3")));

    assertThat(engine.link("n0", "n2").blocked()).isTrue();
    assertThat(engine.link("n3", "n0").blocked()).isTrue();
    assertThat(engine.link("n1", "n0").blocked()).isFalse();
    assertThat(engine.link("n1", "n3").blocked()).isFalse();
    assertThat(engine.link("n2", "n1").blocked()).isFalse();
    assertThat(engine.link("n2", "n3").blocked()).as("same side").isFalse();
  }

  @Test
  void aNodeHeldDownByTwoFaultsStartsWhenTheLastEnds() {
    Undo kill = faults.apply(new Fault.OnNode(FaultKind.KILL, "n1"));
    Undo stop = faults.apply(new Fault.OnNode(FaultKind.STOP, "n1"));

    kill.undo();
    assertThat(engine.status("n1")).isEqualTo(NodeStatus.DOWN);
    stop.undo();
    assertThat(engine.status("n1")).isEqualTo(NodeStatus.RUNNING);
    assertThat(engine.calls).containsExactly("kill n1", "start n1");
  }

  @Test
  void aNodeKilledWhilePausedComesBackPausedUntilThePauseEnds() {
    Undo pause = faults.apply(new Fault.OnNode(FaultKind.PAUSE, "n1"));
    Undo kill = faults.apply(new Fault.OnNode(FaultKind.KILL, "n1"));

    kill.undo();
    assertThat(engine.status("n1")).isEqualTo(NodeStatus.PAUSED);
    pause.undo();
    assertThat(engine.status("n1")).isEqualTo(NodeStatus.RUNNING);
  }

  @Test
  void aClockReturnsToItsLatestSkewInForceThenToItsOwnOffset() {
    Undo ahead = faults.apply(new Fault.Skew("n2", 2_000_000));
    Undo behind = faults.apply(new Fault.Skew("n2", -500_000));
    assertThat(engine.offsets.get("n2")).isEqualTo(-500_000);

    behind.undo();
    assertThat(engine.offsets.get("n2")).isEqualTo(2_000_000);
    ahead.undo();
    assertThat(engine.offsets.get("n2")).as("the manifest's own offset").isEqualTo(7);
  }

  @Test
  void anUpgradeStopsSwapsAndStartsAndNothingUndoesIt() {
    faults.apply(new Fault.Upgrade("n2", "v2"));
    faults.healAll();

    assertThat(engine.calls).containsExactly("stop n2", "version n2 v2", "start n2");
    assertThat(engine.status("n2")).isEqualTo(NodeStatus.RUNNING);
    assertThat(faults.inForce()).isEmpty();
  }

  @Test
  void aNodeHeldDownGetsItsNewSoftwareAndStartsWithItWhenTheHoldEnds() {
    Undo kill = faults.apply(new Fault.OnNode(FaultKind.KILL, "n1"));
    faults.apply(new Fault.Upgrade("n1", "v2"));
    assertThat(engine.status("n1")).isEqualTo(NodeStatus.DOWN);

    kill.undo();

    assertThat(engine.calls).containsExactly("kill n1", "version n1 v2", "start n1");
  }

  @Test
  void anUpgradeToAVersionTheEngineRefusesLeavesTheNodeRunning() {
    assertThatThrownBy(() -> faults.apply(new Fault.Upgrade("n1", "nine")))
        .hasMessageContaining("no version named 'nine'");

    assertThat(engine.calls).isEmpty();
    assertThat(engine.status("n1")).isEqualTo(NodeStatus.RUNNING);
  }

  @Test
  void anUpgradeOnAnEngineThatCannotIsRefusedBeforeItStopsAnything() {
    engine.kinds = EnumSet.complementOf(EnumSet.of(FaultKind.UPGRADE));

    assertThatThrownBy(() -> faults.apply(new Fault.Upgrade("n0", "v2")))
        .hasMessageContaining("cannot put 'upgrade' into effect");
    assertThat(engine.calls).isEmpty();
  }

  @Test
  void aNodeThatExitedOnItsOwnIsNeverStartedByAnUndoOrTheHeal() {
    engine.status.put("n3", NodeStatus.EXITED);
    Undo kill = faults.apply(new Fault.OnNode(FaultKind.KILL, "n3"));

    kill.undo();
    faults.healAll();

    assertThat(engine.status("n3")).isEqualTo(NodeStatus.EXITED);
    assertThat(engine.calls).isEmpty();
  }

  @Test
  void healUndoesEverythingStillInForceAndAnUndoRunsOnce() {
    Undo kill = faults.apply(new Fault.OnNode(FaultKind.KILL, "n0"));
    faults.apply(new Fault.OnNode(FaultKind.PAUSE, "n1"));
    faults.apply(new Fault.Partition(List.of(Set.of("n0", "n1"), Set.of("n2", "n3"))));
    faults.apply(new Fault.Skew("n2", 1_000));

    faults.healAll();
    kill.undo();

    assertThat(faults.inForce()).isEmpty();
    assertThat(engine.status.values()).containsOnly(NodeStatus.RUNNING);
    assertThat(engine.links.values()).allMatch(LinkState::isNone);
    assertThat(engine.offsets.get("n2")).isEqualTo(7);
    assertThat(engine.calls).filteredOn(c -> c.equals("start n0")).hasSize(1);
  }

  @Test
  void theBaseLinksStayUnderEveryFaultAndComeBackAfter() {
    Map<Link, LinkState> base = Map.of(new Link("n0", "n1"), DELAY);
    Faults withBase = new Faults(engine, base, Map.of());
    Undo cut = withBase.apply(new Fault.Cut(Set.of("n0"), Set.of("n1")));

    assertThat(engine.link("n0", "n1")).isEqualTo(new LinkState(true, false, 100_000, 0, 0, 0));
    cut.undo();
    assertThat(engine.link("n0", "n1")).isEqualTo(DELAY);
  }

  @Test
  void aKindTheEngineCannotDoIsRefusedNamingWhatItCan() {
    engine.kinds = EnumSet.of(FaultKind.KILL);

    assertThatThrownBy(() -> faults.apply(new Fault.OnNode(FaultKind.CRASH, "n0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the recording engine cannot put 'crash' into effect; it supports [kill]");
    assertThatThrownBy(() -> faults.apply(new Fault.OnNode(FaultKind.KILL, "n9")))
        .hasMessageContaining("no node named 'n9'");
  }
}
