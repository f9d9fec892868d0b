package io.ledgerlab.hermetic.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's memory of what it ran: on disk, so a restart neither forgets nor repeats. */
class JournalTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(30);
  private static final String SHA = "ab".repeat(32);

  @TempDir Path dir;

  @Test
  void anUnknownIdHasNoEntry() throws Exception {
    Journal j = new Journal(dir);
    assertThat(j.get("run-1")).isEmpty();
    assertThat(j.all()).isEmpty();
  }

  @Test
  void startFinishAndUploadedSurviveReopening() throws Exception {
    Journal j = new Journal(dir);
    Journal.Entry started = j.start("run-1", "run", SHA, 4, T0);
    assertThat(new Journal(dir).get("run-1"))
        .contains(
            new Journal.Entry(
                "run-1", "run", SHA, 4, Journal.State.STARTED, T0, Optional.empty(), "", false));

    Journal.Entry done = j.finish(started, true, "ran 12 ops", T1);
    Journal.Entry expected =
        new Journal.Entry(
            "run-1", "run", SHA, 4, Journal.State.DONE, T0, Optional.of(T1), "ran 12 ops", false);
    assertThat(done).isEqualTo(expected);
    assertThat(new Journal(dir).get("run-1")).contains(expected);

    j.uploaded(done);
    Journal.Entry reread = new Journal(dir).get("run-1").orElseThrow();
    assertThat(reread.uploaded()).isTrue();
    assertThat(reread.state()).isEqualTo(Journal.State.DONE);
    assertThat(reread.detail()).isEqualTo("ran 12 ops");
  }

  @Test
  void aFailureIsRecordedWithItsDetail() throws Exception {
    Journal j = new Journal(dir);
    j.finish(j.start("up-1", "upgrade-chaincode", SHA, 1, T0), false, "no quorum", T1);
    Journal.Entry e = new Journal(dir).get("up-1").orElseThrow();
    assertThat(e.state()).isEqualTo(Journal.State.FAILED);
    assertThat(e.state().key()).isEqualTo("failed");
    assertThat(e.detail()).isEqualTo("no quorum");
  }

  @Test
  void recoverTurnsStartedIntoInterruptedAndLeavesTheRest() throws Exception {
    Journal j = new Journal(dir);
    j.finish(j.start("a-done", "run", SHA, 1, T0), true, "ok", T0);
    j.start("b-cut", "upgrade-chaincode", SHA, 2, T0);

    Journal reopened = new Journal(dir);
    List<Journal.Entry> recovered = reopened.recover(T1);
    assertThat(recovered)
        .containsExactly(
            new Journal.Entry(
                "b-cut",
                "upgrade-chaincode",
                SHA,
                2,
                Journal.State.INTERRUPTED,
                T0,
                Optional.of(T1),
                "the agent stopped while it ran; not run again",
                false));
    assertThat(new Journal(dir).get("b-cut").orElseThrow().state())
        .isEqualTo(Journal.State.INTERRUPTED);
    assertThat(new Journal(dir).get("a-done").orElseThrow().state()).isEqualTo(Journal.State.DONE);
    // Once recovered, nothing is left to recover.
    assertThat(new Journal(dir).recover(T1.plusSeconds(1))).isEmpty();
  }

  @Test
  void allListsEntriesInTheFeedsOrderNotByName() throws Exception {
    Journal j = new Journal(dir);
    j.start("zeta", "run", SHA, 1, T0);
    j.start("alpha", "run", SHA, 3, T0);
    j.start("mid", "run", SHA, 2, T0);
    assertThat(new Journal(dir).all().stream().map(Journal.Entry::id))
        .containsExactly("zeta", "mid", "alpha");
  }
}
