package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.report.RunSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's one line about what the observers measured. */
class RunCommandObserversTest {
  @Test
  void theLineNamesTheObserversTheirBlocksAndEachValidatorsMisses() {
    RunSummary.Observers o =
        new RunSummary.Observers(
            List.of("o0", "o1"),
            "o0",
            174,
            0,
            5,
            0.29,
            0.22,
            List.of(
                new RunSummary.Participation("n0", 174, 174, 0, 0, 46),
                new RunSummary.Participation("n3", 174, 162, 12, 100.0 * 12 / 174, 39)),
            List.of());

    assertThat(RunCommand.observers(o))
        .isEqualTo(
            "o0, o1 (o0: 174 blocks, 5 round changes, 0 divergences); missed votes: n0 0.0% n3"
                + " 6.9%");
  }

  @Test
  void observersThatLoggedNothingSaySo() {
    RunSummary.Observers o =
        new RunSummary.Observers(List.of("o0"), "", 0, 0, 0, 0, 0, List.of(), List.of());

    assertThat(RunCommand.observers(o)).isEqualTo("o0 logged no block");
  }
}
