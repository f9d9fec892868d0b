package io.ledgerlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.history.History;
import org.junit.jupiter.api.Test;

/** The notes that explain a run's rejected and unknown operations. */
class SummariesTest {

  @Test
  void rejectionsAreCountedByReasonAndUnknownsAreCounted() {
    History h = new History(100);
    fail(h, "t1", "BAD_NONCE: expected 3, got 2");
    fail(h, "t2", "BAD_NONCE: expected 4, got 3");
    fail(h, "t3", "INSUFFICIENT_FUNDS: 10 < 20");
    h.invoke(1, "c", "t4");
    h.closeOpen(9);

    assertThat(Summaries.outcomeNotes(h))
        .hasSize(2)
        .first()
        .asString()
        .startsWith("rejected by the nodes, by reason: {BAD_NONCE=2, INSUFFICIENT_FUNDS=1}")
        .contains("come from the load itself");
    assertThat(Summaries.outcomeNotes(h).get(1)).startsWith("1 transactions have no known outcome");
  }

  @Test
  void rejectionsThatAreNotTheLoadsOwnAreNotExplainedAsSuch() {
    History h = new History(100);
    fail(h, "t1", "INSUFFICIENT_FUNDS");

    assertThat(Summaries.outcomeNotes(h))
        .containsExactly(
            "rejected by the nodes, by reason: {INSUFFICIENT_FUNDS=1} (history.jsonl has each"
                + " one's detail)");
  }

  @Test
  void aRunWhereEverythingSettledHasNoNotes() {
    History h = new History(100);
    h.invoke(1, "c", "t1");
    h.complete(2, "c", History.Type.OK, "t1", "committed at height 3");

    assertThat(Summaries.outcomeNotes(h)).isEmpty();
  }

  private static void fail(History h, String tx, String detail) {
    h.invoke(1, "c", tx);
    h.complete(2, "c", History.Type.FAIL, tx, detail);
  }
}
