package io.ledgerlab.lab.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.NodeEvent;
import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.StateAudit;
import io.ledgerlab.lab.target.Supply;
import io.ledgerlab.lab.target.TxView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every checker over hand-built run records, no engine: a run it must pass, a run it must fail
 * (with the node, height and what differed in its details), and a run it cannot judge (UNKNOWN,
 * never VALID). The end-to-end failures, from deliberately broken nodes, are in {@code CanaryTest}.
 */
class CheckersTest {
  private static final long MINTED = 1_000_000;

  // ---- Safety ---------------------------------------------------------------------------------

  @Nested
  class Safety {
    private final Checker checker = new SafetyChecker();

    @Test
    void agreeingChainsOfDifferentLengthsAreValidAndAnUnverifiedHeadIsOnlyNoted() {
      List<BlockView> full = unverifiedHead(chain("a1", "a2", "a3", "a4"));
      Run run =
          new Run()
              .honest("n0", chain("a1", "a2", "a3", "a4"))
              .honest("n1", full)
              .honest("n2", chain("a1", "a2"));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.VALID);
      assertThat(r.details())
          .contains("3 honest nodes agree on every block up to height 4")
          .contains("the head's proof was not available on [n1]");
    }

    @Test
    void chainsWithoutAnyVerifiableProofAgreeOnHashesOnlyAndSayNotVerified() {
      List<BlockView> c = chain("a1", "a2");
      c.replaceAll(b -> withProof(b, BlockView.UNVERIFIED));
      Run run = new Run().honest("n0", c);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.VALID);
      assertThat(r.details())
          .contains("no block carried a commit proof the target could verify")
          .doesNotContain("every commit proof verified");
    }

    @Test
    void aByzantineNodesOwnChainIsNotAFork() {
      Run run =
          new Run()
              .honest("n0", chain("a1", "a2"))
              .honest("n1", chain("a1", "a2"))
              .byzantine("n3", "equivocate", chain("a1", "x2"));

      assertThat(checker.check(run.record()).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aForkNamesItsHeightBlocksAndWhoCommittedWhichAndIsPlacedWhenTheLaterSideCommitted() {
      Run run =
          new Run()
              .honest("n0", chain("a1", "a2", "a3", "a4"))
              .honest("n1", chain("a1", "a2", "a3"))
              .honest("n2", chain("a1", "a2", "b3", "b4"))
              .commit("n0", 3, 3.0)
              .commit("n1", 3, 3.1)
              .commit("n2", 3, 4.5);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .startsWith("fork at height 3:")
          .contains("[n0 at 3.00 s, n1 at 3.10 s] committed " + shortHash("a3"))
          .contains("[n2 at 4.50 s] committed " + shortHash("b3"));
      assertThat(r.atSeconds()).isEqualTo(4.5);
    }

    @Test
    void aForkWithNoCommitInTheLogsIsStillInvalidButNotPlacedInTime() {
      Run run = new Run().honest("n0", chain("a1")).honest("n1", chain("b1"));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).startsWith("fork at height 1:");
      assertThat(r.atSeconds()).isNull();
    }

    @Test
    void aBlockThatDoesNotExtendTheBlockBelowItIsInvalid() {
      List<BlockView> broken = chain("a1", "a2", "a3");
      broken.set(2, withParent(broken.get(2), hash("zz")));
      Run run =
          new Run()
              .honest("n0", broken)
              .honest("n1", new ArrayList<>(broken))
              .commit("n0", 3, 7.25);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).isEqualTo("n0 height 3 does not extend the block below it");
      assertThat(r.atSeconds()).isEqualTo(7.25);
    }

    @Test
    void aBlockWhoseCommitProofDoesNotHoldIsInvalid() {
      List<BlockView> broken = chain("a1", "a2", "a3");
      broken.set(1, withProof(broken.get(1), "2 of 4 validators signed; a quorum needs 3"));
      Run run = new Run().honest("n0", broken).commit("n0", 2, 2.5);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .isEqualTo(
              "n0 height 2 ("
                  + shortHash("a2")
                  + "): its commit proof does not hold: 2 of 4 validators signed; a quorum"
                  + " needs 3");
      assertThat(r.atSeconds()).isEqualTo(2.5);
    }

    @Test
    void noHonestChainReadIsUnknownAndSaysWhy() {
      Run run = new Run().unread("n0", "connection refused").unread("n1", "timed out");

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).contains("n0 (connection refused)").contains("n1 (timed out)");
    }

    @Test
    void chainsWithNoBlockAreUnknown() {
      Run run = new Run().honest("n0", chain()).honest("n1", chain());

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).contains("no honest node committed a block");
    }
  }

  // ---- State agreement --------------------------------------------------------------------------

  @Nested
  class StateAgreement {
    private final Checker checker = new StateAgreementChecker();

    @Test
    void consistentStatesThatAgreeAtEqualHeightsAreValid() {
      Run run =
          new Run()
              .honest("n0", chain("a1", "a2"))
              .honest("n1", chain("a1", "a2"))
              .honest("n2", chain("a1"));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).as(r.details()).isEqualTo(Validity.VALID);
    }

    @Test
    void aNodeWhoseStoredStateDoesNotRebuildToItsHeadRootIsInvalid() {
      Run run =
          new Run()
              .honest("n0", chain("a1", "a2"))
              .honest("n1", chain("a1", "a2"))
              .state("n1", new StateAudit(2, hash("root-a2"), hash("drifted")));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .isEqualTo(
              "n1 at height 2 commits to state root "
                  + shortHash("root-a2")
                  + " but its stored state rebuilds to "
                  + shortHash("drifted")
                  + ": its state drifted from what it committed");
    }

    @Test
    void differentStatesAtEqualHeightsAreInvalid() {
      Run run =
          new Run()
              .honest("n0", chain("a1", "a2"))
              .honest("n1", chain("a1", "a2"))
              .state("n1", new StateAudit(2, hash("other"), hash("other")));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .startsWith("different states at height 2:")
          .contains("root " + shortHash("root-a2") + "… on [n0]")
          .contains("root " + shortHash("other") + "… on [n1]");
    }

    @Test
    void blocksThatCommitToDifferentStateRootsAtOneHeightAreInvalid() {
      List<BlockView> other = chain("a1", "a2", "a3");
      other.set(1, withStateRoot(other.get(1), hash("root-x2")));
      Run run = new Run().honest("n0", chain("a1", "a2", "a3")).honest("n1", other);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .startsWith("blocks at height 2 commit to different state roots:")
          .contains("[n0]")
          .contains("[n1]");
    }

    @Test
    void noStateReadIsUnknownAndSaysWhy() {
      Run run =
          new Run()
              .honest("n0", chain("a1"))
              .state("n0", null)
              .stateError("n0", "state audit timed out");

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).contains("n0 (state audit timed out)");
    }
  }

  // ---- Liveness
  // -----------------------------------------------------------------------------------

  @Nested
  class Liveness {
    private final Checker checker = new LivenessChecker();

    @Test
    void everyHonestNodeCommittingAboveTheHealHeightWithinTheBoundIsValid() {
      Run run =
          new Run()
              .honest("n0", chain())
              .honest("n1", chain())
              .heal(20, 10)
              .heights("n0", 19, 5, 21, 6)
              .heights("n1", 19, 4, 21, 5, 23, 6);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).as(r.details()).isEqualTo(Validity.VALID);
      assertThat(r.details()).contains("above height 5 within 3.0 s");
    }

    @Test
    void anHonestNodeThatExitedIsLeftToTheNodesCheckAndNamed() {
      Run run =
          new Run()
              .honest("n0", chain())
              .honest("n1", chain())
              .heal(20, 10)
              .heights("n0", 19, 5, 21, 6)
              .heights("n1", 19, 5)
              .endStatus("n1", NodeStatus.EXITED);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).as(r.details()).isEqualTo(Validity.VALID);
      assertThat(r.details()).contains("not [n1], which exited");
    }

    @Test
    void everyHonestNodeExitedIsUnknown() {
      Run run =
          new Run()
              .honest("n0", chain())
              .heal(20, 10)
              .heights("n0", 19, 5)
              .endStatus("n0", NodeStatus.EXITED);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).contains("every honest node exited");
    }

    @Test
    void aNodeStuckAtTheHealHeightIsInvalidAndNamedWithWhereItStayed() {
      Run run =
          new Run()
              .honest("n0", chain())
              .honest("n1", chain())
              .heal(20, 10)
              .heights("n0", 19, 5, 21, 6)
              .heights("n1", 19, 5, 25, 5, 29, 5);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .isEqualTo(
              "n1 did not commit above height 5 within 10.0 s of the heal at 20.0 s"
                  + " (last seen at height 5)");
      assertThat(r.atSeconds()).isEqualTo(30.0);
    }

    @Test
    void aNodeThatProgressedOnlyAfterTheBoundIsInvalidWithHowLongItTook() {
      Run run = new Run().honest("n0", chain()).heal(20, 10).heights("n0", 19, 5, 25, 5, 32.5, 6);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).endsWith("(took 12.5 s)");
    }

    @Test
    void aNodeThatNeverAnsweredAfterTheHealIsInvalid() {
      Run run =
          new Run()
              .honest("n0", chain())
              .honest("n1", chain())
              .heal(20, 10)
              .heights("n0", 19, 5, 21, 6)
              .heights("n1", 19, 5);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).startsWith("n1 ").endsWith("(it never answered after the heal)");
    }

    @Test
    void aByzantineNodeThatStopsIsNotHeldAgainstTheRun() {
      Run run =
          new Run()
              .honest("n0", chain())
              .byzantine("n3", "silent", chain())
              .heal(20, 10)
              .heights("n0", 19, 5, 21, 6)
              .heights("n3", 19, 9);

      assertThat(checker.check(run.record()).validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void noHonestNodeIsUnknown() {
      Run run =
          new Run().byzantine("n0", "silent", chain()).heal(20, 10).heights("n0", 19, 5, 21, 6);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).isEqualTo("no honest node to judge");
    }

    @Test
    void noHeightSeenBeforeTheHealIsUnknown() {
      Run run = new Run().honest("n0", chain()).heal(20, 10).heights("n0", 21, 6);

      assertThat(checker.check(run.record()).validity()).isEqualTo(Validity.UNKNOWN);
    }
  }

  // ---- Durability
  // ---------------------------------------------------------------------------------

  @Nested
  class Durability {
    private final Checker checker = new DurabilityChecker();

    @Test
    void everyAcknowledgedTransactionOnEveryHonestChainIsValid() {
      List<BlockView> c = chain("a1", "a2");
      c.set(1, withTxs(c.get(1), tx("tx-one", "alice", 0), tx("tx-two", "bob", 0)));
      Run run =
          new Run()
              .honest("n0", c)
              .honest("n1", new ArrayList<>(c))
              .acknowledged("tx-one", 1.0)
              .acknowledged("tx-two", 1.2)
              .unknownOutcome("tx-three", 1.5);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).as(r.details()).isEqualTo(Validity.VALID);
      assertThat(r.details()).startsWith("2 acknowledged transactions are on all 2 honest nodes");
    }

    @Test
    void anAcknowledgedTransactionMissingFromOneChainIsInvalidAndPlacedAtItsAcknowledgement() {
      List<BlockView> full = chain("a1", "a2");
      full.set(1, withTxs(full.get(1), tx("tx-one", "alice", 0), tx("tx-two", "bob", 0)));
      List<BlockView> lost = chain("a1", "a2");
      lost.set(1, withTxs(lost.get(1), tx("tx-one", "alice", 0)));
      Run run =
          new Run()
              .honest("n0", full)
              .honest("n1", lost)
              .acknowledged("tx-one", 1.0)
              .acknowledged("tx-two", 1.25);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .isEqualTo(
              "1 of 2 acknowledged transactions are missing from n1's chain (height 2), e.g."
                  + " [tx-two (committed at height 2)]");
      assertThat(r.atSeconds()).isEqualTo(1.25);
    }

    @Test
    void aTransactionAboveALaggingNodesHeightIsNotLostThere() {
      List<BlockView> ahead = chain("a1", "a2", "a3");
      ahead.set(2, withTxs(ahead.get(2), tx("tx-one", "alice", 0)));
      Run run =
          new Run().honest("n0", ahead).honest("n1", chain("a1", "a2")).acknowledged("tx-one", 1.0);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).as(r.details()).isEqualTo(Validity.VALID);
      assertThat(r.details()).contains("not yet reached by [n1 (1 above its height 2)]");
    }

    @Test
    void nothingAcknowledgedIsUnknown() {
      Run run =
          new Run().honest("n0", chain("a1")).unknownOutcome("tx-one", 1).rejected("tx-two", 2);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).contains("no transaction was acknowledged");
    }

    @Test
    void acknowledgedTransactionsWithNoChainReadAreUnknown() {
      Run run = new Run().unread("n0", "connection refused").acknowledged("tx-one", 1);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).contains("n0 (connection refused)");
    }
  }

  // ---- Validity
  // -----------------------------------------------------------------------------------

  @Nested
  class ValidityCheck {
    private final Checker checker = new ValidityChecker();

    @Test
    void distinctNoncesConstantSupplyAndNoNegativeBalanceAreValid() {
      List<BlockView> c = chain("a1", "a2");
      c.set(0, withTxs(c.get(0), tx("t1", "alice", 0), tx("t2", "bob", 0)));
      c.set(1, withTxs(c.get(1), tx("t3", "alice", 1)));
      Run run = new Run().honest("n0", c).honest("n1", new ArrayList<>(c));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).as(r.details()).isEqualTo(Validity.VALID);
    }

    @Test
    void aSendersNonceCommittedTwiceIsInvalidWithTheHeightOfTheReplay() {
      List<BlockView> c = chain("a1", "a2", "a3");
      c.set(0, withTxs(c.get(0), tx("t1", "alice", 7)));
      c.set(2, withTxs(c.get(2), tx("t9", "alice", 7)));
      Run run = new Run().honest("n0", c).commit("n0", 3, 9.5);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .isEqualTo("n0: sender alice nonce 7 committed twice (again at height 3)");
      assertThat(r.atSeconds()).isEqualTo(9.5);
    }

    @Test
    void aSendersSkippedNonceIsInvalidWithTheGapAndItsHeight() {
      List<BlockView> c = chain("a1", "a2");
      c.set(0, withTxs(c.get(0), tx("t1", "alice", 3), tx("t2", "bob", 0)));
      c.set(1, withTxs(c.get(1), tx("t3", "bob", 1), tx("t4", "alice", 6)));
      Run run = new Run().honest("n0", c).commit("n0", 2, 4.0);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .isEqualTo("n0: sender alice nonce 6 committed at height 2 after nonce 3: a gap of 2");
      assertThat(r.atSeconds()).isEqualTo(4.0);
    }

    @Test
    void moreTokensHeldThanMintedIsInvalid() {
      Run run =
          new Run()
              .honest("n0", chain("a1"))
              .honest("n1", chain("a1"))
              .supply("n1", new Supply(MINTED, MINTED + 12, List.of()));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .isEqualTo(
              "n1: the accounts hold 1000012 tokens, genesis minted 1000000 (tokens were created)");
    }

    @Test
    void fewerTokensHeldThanMintedIsInvalid() {
      Run run =
          new Run()
              .honest("n0", chain("a1"))
              .supply("n0", new Supply(MINTED, MINTED - 1, List.of()));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).endsWith("(tokens were destroyed or lost)");
    }

    @Test
    void aNegativeBalanceIsInvalid() {
      Run run =
          new Run()
              .honest("n0", chain("a1"))
              .supply("n0", new Supply(MINTED, MINTED, List.of("acct-17=-5")));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).isEqualTo("n0: negative balances [acct-17=-5]");
    }

    @Test
    void noBalancesReadIsUnknownAndSaysWhy() {
      Run run =
          new Run()
              .honest("n0", chain("a1"))
              .supply("n0", null)
              .supplyError("n0", "balances unreadable: timed out");

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).contains("n0 (balances unreadable: timed out)");
    }
  }

  // ---- Evidence
  // -----------------------------------------------------------------------------------

  @Nested
  class Evidence {
    private final Checker checker = new EvidenceChecker();

    @Test
    void evidenceAgainstAByzantineValidatorIsValidAndNamesIt() {
      List<BlockView> c = chain("a1", "a2");
      c.set(1, withAccused(c.get(1), "val-n3"));
      Run run =
          new Run()
              .honest("n0", c)
              .honest("n1", new ArrayList<>(c))
              .byzantine("n3", "double-vote", chain());

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.VALID);
      assertThat(r.details())
          .isEqualTo("1 pieces of equivocation evidence committed against [n3], none honest");
    }

    @Test
    void noEvidenceAtAllIsValid() {
      Run run = new Run().honest("n0", chain("a1", "a2"));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.VALID);
      assertThat(r.details()).isEqualTo("no evidence of equivocation committed");
    }

    @Test
    void anHonestValidatorAccusedIsInvalidWithTheBlockAndTheChainThatHoldIt() {
      List<BlockView> c = chain("a1", "a2", "a3");
      c.set(2, withAccused(c.get(2), "val-n1"));
      Run run = new Run().honest("n0", c).honest("n1", new ArrayList<>(c)).commit("n0", 3, 6.0);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .isEqualTo(
              "honest validator n1 (val-n1) is accused of equivocation in block 3 on n0: it"
                  + " signed two conflicting votes");
      assertThat(r.atSeconds()).isEqualTo(6.0);
    }

    @Test
    void anAccusationOnlyALongerChainHoldsIsFoundToo() {
      List<BlockView> longer = chain("a1", "a2", "a3");
      longer.set(2, withAccused(longer.get(2), "val-n2"));
      Run run = new Run().honest("n0", chain("a1")).honest("n1", longer).honest("n2", chain("a1"));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).contains("honest validator n2").contains("block 3 on n1");
    }

    @Test
    void noHonestChainReadIsUnknown() {
      Run run = new Run().unread("n0", "the node is exited");

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.details()).contains("n0 (the node is exited)");
    }
  }

  // ---- Nodes
  // --------------------------------------------------------------------------------------

  @Nested
  class Nodes {
    private final Checker checker = new NodesChecker();

    @Test
    void honestNodesRunningToTheEndAfterALabKillAreValid() {
      Run run =
          new Run()
              .honest("n0", chain())
              .honest("n1", chain())
              .event(NodeEvent.started("n1", 0))
              .event(NodeEvent.exited("n1", 5_000_000, 137, true, "killed", List.of()))
              .event(NodeEvent.started("n1", 9_000_000));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).as(r.details()).isEqualTo(Validity.VALID);
      assertThat(r.details()).isEqualTo("the 2 honest nodes ran to the end; no unexpected exit");
    }

    @Test
    void anHonestNodesUnexpectedExitIsInvalidWithItsCodeTimeAndLastLines() {
      List<String> lines = new ArrayList<>();
      for (int i = 1; i <= 7; i++) {
        lines.add("line " + i);
      }
      Run run =
          new Run()
              .honest("n0", chain())
              .honest("n2", chain())
              .endStatus("n2", NodeStatus.EXITED)
              .event(
                  NodeEvent.exited(
                      "n2", 12_300_000, 70, false, "java.lang.IllegalStateException: boom", lines));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details())
          .startsWith(
              "n2 exited unexpectedly at 12.3 s with exit code 70:"
                  + " java.lang.IllegalStateException: boom; last lines:\n    line 3\n")
          .contains("line 7")
          .doesNotContain("line 2")
          .contains("n2 was not running at the end (exited)");
      assertThat(r.atSeconds()).isEqualTo(12.3);
    }

    @Test
    void aByzantineNodesUnexpectedExitIsNotedButValid() {
      Run run =
          new Run()
              .honest("n0", chain())
              .byzantine("n3", "equivocate", chain())
              .endStatus("n3", NodeStatus.EXITED)
              .event(NodeEvent.exited("n3", 4_000_000, 137, false, "", List.of("last")));

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.VALID);
      assertThat(r.details())
          .contains(
              "n3 exited unexpectedly at 4.0 s with exit code 137 (killed by signal 9)"
                  + " (Byzantine: not held against the run)");
    }

    @Test
    void anHonestNodeNotAliveAtTheEndIsInvalid() {
      Run run =
          new Run().honest("n0", chain()).honest("n1", chain()).endStatus("n1", NodeStatus.DOWN);

      CheckResult r = checker.check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).isEqualTo("n1 was not running at the end (down)");
    }

    @Test
    void aPausedHonestNodeCountsAsAlive() {
      Run run = new Run().honest("n0", chain()).endStatus("n0", NodeStatus.PAUSED);

      assertThat(checker.check(run.record()).validity()).isEqualTo(Validity.VALID);
    }
  }

  // ---- Thresholds
  // ---------------------------------------------------------------------------------

  @Nested
  class Thresholds {
    @Test
    void aLatencyWithinItsThresholdIsValid() {
      Run run = new Run().committedLatenciesMillis(100, 200, 300);

      CheckResult r = threshold("p99", "<", 2_000, "p99 < 2s").check(run.record());

      assertThat(r.name()).isEqualTo("threshold: p99 < 2s");
      assertThat(r.validity()).as(r.details()).isEqualTo(Validity.VALID);
    }

    @Test
    void aLatencyOverItsThresholdIsInvalidWithTheMeasuredValue() {
      Run run = new Run().committedLatenciesMillis(100, 200, 300);

      CheckResult r = threshold("p99", "<", 1, "p99 < 1ms").check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).matches("p99 was 300\\.\\d ms \\(threshold < 1\\.0 ms\\)");
    }

    @Test
    void aLatencyThresholdWithNothingCommittedIsInvalid() {
      CheckResult r = threshold("p50", "<", 60_000, "p50 < 60s").check(new Run().record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).isEqualTo("nothing was committed, so p50 could not be measured");
    }

    @Test
    void lostCountsAcceptedTransactionsThatNoBlockShowed() {
      Run run = new Run();
      run.load.acceptedTx("a");
      run.load.acceptedTx("b");
      run.load.acceptedTx("c");
      run.load.committedTx("b");

      CheckResult r = threshold("lost", "<=", 0, "lost <= 0").check(run.record());

      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).isEqualTo("lost was 2.0 (threshold <= 0.0)");
      run.load.committedTx("a");
      run.load.committedTx("c");
      assertThat(threshold("lost", "<=", 0, "lost <= 0").check(run.record()).validity())
          .isEqualTo(Validity.VALID);
    }

    @Test
    void throughputIsCommittedTransactionsPerSecondOfLoad() {
      Run run = new Run().committedLatenciesMillis(10, 10, 10, 10).loadSeconds(2);

      assertThat(
              threshold("throughput", ">=", 2, "throughput >= 2/s").check(run.record()).validity())
          .isEqualTo(Validity.VALID);
      CheckResult r = threshold("throughput", ">", 2, "throughput > 2/s").check(run.record());
      assertThat(r.validity()).isEqualTo(Validity.INVALID);
      assertThat(r.details()).isEqualTo("throughput was 2.0/s (threshold > 2.0/s)");
    }

    private Checker threshold(String metric, String op, double value, String text) {
      return new ThresholdChecker(new Scenario.Threshold(metric, op, value, text));
    }
  }

  // ---- Running the checks
  // -------------------------------------------------------------------------

  @Test
  void aCheckerThatThrowsIsReportedUnknownNotSkipped() {
    Checker broken =
        new Checker() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public CheckResult check(RunRecord run) {
            throw new IllegalStateException("bug in the checker");
          }
        };

    List<CheckResult> results =
        Checkers.run(
            List.of(new SafetyChecker(), broken), new Run().honest("n0", chain("a1")).record());

    assertThat(results).extracting(CheckResult::name).containsExactly("safety", "broken");
    assertThat(results.get(1).validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(results.get(1).details()).contains("bug in the checker");
  }

  // ---- Building run records
  // -----------------------------------------------------------------------

  /** A 64-character id whose first 12 characters (what details show) spell {@code label}. */
  private static String hash(String label) {
    return (label + "_".repeat(12)).substring(0, 12) + "0".repeat(52);
  }

  private static String shortHash(String label) {
    return hash(label).substring(0, 12);
  }

  /** Blocks at heights 1.. with these hashes, each extending the one before, proofs verified. */
  private static List<BlockView> chain(String... labels) {
    List<BlockView> out = new ArrayList<>();
    String parent = hash("genesis");
    for (int i = 0; i < labels.length; i++) {
      String h = hash(labels[i]);
      out.add(
          new BlockView(i + 1, h, parent, hash("root-" + labels[i]), List.of(), List.of(), null));
      parent = h;
    }
    return out;
  }

  private static List<BlockView> unverifiedHead(List<BlockView> chain) {
    int last = chain.size() - 1;
    chain.set(last, withProof(chain.get(last), BlockView.UNVERIFIED));
    return chain;
  }

  private static TxView tx(String id, String sender, long nonce) {
    return new TxView(id, sender, nonce);
  }

  private static BlockView withParent(BlockView b, String parent) {
    return new BlockView(
        b.height(), b.hash(), parent, b.stateRoot(), b.txs(), b.accused(), b.proofProblem());
  }

  private static BlockView withProof(BlockView b, String problem) {
    return new BlockView(
        b.height(), b.hash(), b.parent(), b.stateRoot(), b.txs(), b.accused(), problem);
  }

  private static BlockView withStateRoot(BlockView b, String root) {
    return new BlockView(
        b.height(), b.hash(), b.parent(), root, b.txs(), b.accused(), b.proofProblem());
  }

  private static BlockView withTxs(BlockView b, TxView... txs) {
    return new BlockView(
        b.height(), b.hash(), b.parent(), b.stateRoot(), List.of(txs), b.accused(), null);
  }

  private static BlockView withAccused(BlockView b, String... validators) {
    return new BlockView(
        b.height(), b.hash(), b.parent(), b.stateRoot(), b.txs(), List.of(validators), null);
  }

  /**
   * A run record under construction. A node added with a chain is read in full: its state audit is
   * consistent at its head's root and its supply is what genesis minted, until a test says
   * otherwise.
   */
  private static final class Run {
    private final List<NodeInfo> nodes = new ArrayList<>();
    private final Map<String, NodeRead> reads = new LinkedHashMap<>();
    private final History history = new History(1_000);
    private final List<NodeEvent> events = new ArrayList<>();
    private final Map<String, List<double[]>> heights = new LinkedHashMap<>();
    private final List<Commit> commits = new ArrayList<>();
    private final LoadRecorder load = new LoadRecorder();
    private double healSeconds = 30;
    private long livenessBoundMicros = 30_000_000;
    private double loadSeconds = 30;

    Run honest(String name, List<BlockView> chain) {
      return node(name, true, "honest", chain);
    }

    Run byzantine(String name, String behaviour, List<BlockView> chain) {
      return node(name, false, behaviour, chain);
    }

    private Run node(String name, boolean honest, String behaviour, List<BlockView> chain) {
      nodes.add(
          new NodeInfo(name, honest, behaviour, "none", 1, "val-" + name, NodeStatus.RUNNING));
      String root =
          chain.isEmpty() ? hash("root-genesis") : chain.get(chain.size() - 1).stateRoot();
      reads.put(
          name,
          new NodeRead(
              name,
              chain,
              null,
              new StateAudit(chain.size(), root, root),
              null,
              new Supply(MINTED, MINTED, List.of()),
              null));
      return this;
    }

    /** An honest node none of whose final reads answered. */
    Run unread(String name, String why) {
      nodes.add(new NodeInfo(name, true, "honest", "none", 1, "val-" + name, NodeStatus.RUNNING));
      reads.put(name, new NodeRead(name, null, why, null, why, null, why));
      return this;
    }

    Run state(String name, StateAudit state) {
      NodeRead r = reads.get(name);
      reads.put(
          name,
          new NodeRead(
              name, r.chain(), r.chainError(), state, r.stateError(), r.supply(), r.supplyError()));
      return this;
    }

    Run stateError(String name, String error) {
      NodeRead r = reads.get(name);
      reads.put(
          name,
          new NodeRead(
              name, r.chain(), r.chainError(), r.state(), error, r.supply(), r.supplyError()));
      return this;
    }

    Run supply(String name, Supply supply) {
      NodeRead r = reads.get(name);
      reads.put(
          name,
          new NodeRead(
              name, r.chain(), r.chainError(), r.state(), r.stateError(), supply, r.supplyError()));
      return this;
    }

    Run supplyError(String name, String error) {
      NodeRead r = reads.get(name);
      reads.put(
          name,
          new NodeRead(
              name, r.chain(), r.chainError(), r.state(), r.stateError(), r.supply(), error));
      return this;
    }

    Run endStatus(String name, NodeStatus status) {
      for (int i = 0; i < nodes.size(); i++) {
        NodeInfo n = nodes.get(i);
        if (n.name().equals(name)) {
          nodes.set(
              i,
              new NodeInfo(
                  n.name(),
                  n.honest(),
                  n.behaviour(),
                  n.canary(),
                  n.power(),
                  n.validatorId(),
                  status));
        }
      }
      return this;
    }

    Run commit(String node, long height, double atSeconds) {
      String hash = reads.get(node).chain().get((int) height - 1).hash();
      commits.add(new Commit(node, height, hash, atSeconds));
      return this;
    }

    Run event(NodeEvent e) {
      events.add(e);
      return this;
    }

    Run heal(double healSeconds, double boundSeconds) {
      this.healSeconds = healSeconds;
      this.livenessBoundMicros = (long) (boundSeconds * 1e6);
      return this;
    }

    /** Sampled heights as pairs: seconds, height, seconds, height... */
    Run heights(String node, double... secondsAndHeights) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < secondsAndHeights.length; i += 2) {
        points.add(new double[] {secondsAndHeights[i], secondsAndHeights[i + 1]});
      }
      heights.put(node, points);
      return this;
    }

    Run acknowledged(String tx, double atSeconds) {
      long at = (long) (atSeconds * 1e6);
      history.invoke(at - 100_000, "c0", tx);
      history.complete(at, "c0", History.Type.OK, tx, "committed at height 2");
      return this;
    }

    Run unknownOutcome(String tx, double atSeconds) {
      long at = (long) (atSeconds * 1e6);
      history.invoke(at - 100_000, "c0", tx);
      history.complete(at, "c0", History.Type.INFO, tx, "timed out");
      return this;
    }

    Run rejected(String tx, double atSeconds) {
      long at = (long) (atSeconds * 1e6);
      history.invoke(at - 100_000, "c0", tx);
      history.complete(at, "c0", History.Type.FAIL, tx, "bad nonce");
      return this;
    }

    Run committedLatenciesMillis(long... millis) {
      for (long m : millis) {
        load.committed(0, m * 1_000);
      }
      return this;
    }

    Run loadSeconds(double seconds) {
      this.loadSeconds = seconds;
      return this;
    }

    RunRecord record() {
      return new RunRecord(
          nodes,
          history,
          reads,
          events,
          heights,
          healSeconds,
          livenessBoundMicros,
          commits,
          load,
          loadSeconds,
          List.of());
    }
  }
}
