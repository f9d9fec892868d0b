package io.ledgerlab.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimSchedulerTest {
  @Test
  void runsInTimeOrderThenScheduleOrderAndSkipsCancelled() {
    SimScheduler sim = new SimScheduler(1_000);
    List<String> order = new ArrayList<>();
    sim.schedule(20, () -> order.add("b@" + sim.nowMicros()));
    sim.schedule(10, () -> order.add("a@" + sim.nowMicros()));
    sim.schedule(20, () -> order.add("c@" + sim.nowMicros()));
    sim.schedule(15, () -> order.add("cancelled")).cancel();
    sim.runFor(100);
    assertThat(order).containsExactly("a@1010", "b@1020", "c@1020");
    assertThat(sim.nowMicros()).isEqualTo(1_100);
  }

  @Test
  void tasksScheduledByTasksRunInTheSameRun() {
    SimScheduler sim = new SimScheduler(0);
    List<Long> times = new ArrayList<>();
    Runnable[] tick = new Runnable[1];
    tick[0] =
        () -> {
          times.add(sim.nowMicros());
          if (times.size() < 3) {
            sim.schedule(5, tick[0]);
          }
        };
    sim.schedule(5, tick[0]);
    sim.runUntil(12);
    assertThat(times).containsExactly(5L, 10L);
    sim.runUntil(100);
    assertThat(times).containsExactly(5L, 10L, 15L);
  }
}
