package io.ledgerlab.ledger.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.gov.Approve;
import io.ledgerlab.ledger.gov.Install;
import io.ledgerlab.ledger.gov.ProposalStatus;
import io.ledgerlab.ledger.gov.Propose;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import org.junit.jupiter.api.Test;

/** Every governance rule, each rejection made to happen, and the M-of-N path to activation. */
class GovernanceTest {
  private final GovChain g = new GovChain(2);

  private TxCheck check(Transaction tx) {
    return g.ledger.rules().all(tx, g.ledger.state(), g.ledger.height() + 1);
  }

  private void assertRejected(Transaction tx, RejectReason reason, String detail) {
    TxCheck check = check(tx);
    assertThat(check.reason()).as(check.toString()).isEqualTo(reason);
    assertThat(check.detail()).contains(detail);
    // A rejected action never enters a block, so it changes nothing: not even the nonce.
    var root = g.ledger.head().stateRoot();
    ExecutedBlock b = g.block(tx);
    assertThat(b.block().transactions()).isEmpty();
    assertThat(b.dropped())
        .singleElement()
        .satisfies(d -> assertThat(d.check().reason()).isEqualTo(reason));
    assertThat(g.ledger.head().stateRoot()).isEqualTo(root);
    assertThat(g.ledger.account(tx.senderAddress()).nonce()).isEqualTo(tx.nonce());
  }

  @Test
  void twoOfThreeApprovalsScheduleTheInstallAndItActivatesAtItsHeight() {
    Propose p = g.install(1, 8, 6);
    ExecutedBlock proposed = g.block(g.propose(0, p));
    assertThat(proposed.block().transactions()).hasSize(1);
    assertThat(proposed.receipts().get(0).events())
        .extracting(e -> e.type())
        .containsExactly("proposed");
    ProposalStatus pending = g.ledger.proposal(1).orElseThrow();
    assertThat(pending.state()).isEqualTo(ProposalStatus.PENDING);
    assertThat(pending.approvers()).containsExactly("op0");
    assertThat(pending.contentHash()).isEqualTo(p.contentHash(TestChain.CHAIN_ID).hex());

    g.jars.put(GovChain.SHA_V2, new GovChain.App(2));
    ExecutedBlock approved = g.block(g.approve(2, 1, p));
    assertThat(approved.receipts().get(0).events())
        .extracting(e -> e.type())
        .containsExactly("approved", "scheduled");
    ProposalStatus scheduled = g.ledger.proposal(1).orElseThrow();
    assertThat(scheduled.state()).isEqualTo(ProposalStatus.SCHEDULED);
    assertThat(scheduled.approvers()).containsExactly("op0", "op2");

    g.advanceTo(7);
    assertThat(Versions.inForce(g.ledger.state(), "app")).isEqualTo(1);
    assertThat(g.ledger.query("app", "which", new byte[0]).result()).containsExactly(1);
    ExecutedBlock at8 = g.block(g.callApp(2));
    assertThat(at8.block().transactions()).as("a call for version 2 at height 8").hasSize(1);
    assertThat(at8.receipts().get(0).result()).containsExactly(2);
    assertThat(Versions.inForce(g.ledger.state(), "app")).isEqualTo(2);
    assertThat(g.ledger.proposal(1).orElseThrow().state()).isEqualTo(ProposalStatus.ACTIVE);
    assertThat(check(g.callApp(1)).reason()).isEqualTo(RejectReason.UNKNOWN_VERSION);
  }

  @Test
  void oneApprovalOfTwoNeededSchedulesNothing() {
    g.block(g.propose(0, g.install(1, 8, 6)));
    g.advanceTo(9);
    assertThat(Versions.inForce(g.ledger.state(), "app")).isEqualTo(1);
    ProposalStatus status = g.ledger.proposal(1).orElseThrow();
    assertThat(status.state()).isEqualTo(ProposalStatus.EXPIRED);
    assertThat(status.approvers()).containsExactly("op0");
  }

  @Test
  void aThresholdOfOneSchedulesOnTheProposal() {
    GovChain one = new GovChain(1);
    ExecutedBlock b = one.block(one.propose(1, one.install(1, 5, 3)));
    assertThat(b.receipts().get(0).events())
        .extracting(e -> e.type())
        .containsExactly("proposed", "scheduled");
    assertThat(one.ledger.proposal(1).orElseThrow().state()).isEqualTo(ProposalStatus.SCHEDULED);
  }

  @Test
  void aNonOperatorCanNeitherProposeNorApprove() {
    Propose p = g.install(1, 8, 6);
    assertRejected(
        g.tx(g.chain.accounts.get(0), p.payload()),
        RejectReason.NOT_OPERATOR,
        "is not one of the 3 operators");
    g.block(g.propose(0, p));
    assertRejected(
        g.tx(g.chain.accounts.get(1), new Approve(1, p.contentHash(TestChain.CHAIN_ID)).payload()),
        RejectReason.NOT_OPERATOR,
        "operators");
    assertThat(g.ledger.proposal(1).orElseThrow().approvers()).containsExactly("op0");
  }

  @Test
  void anApprovalAfterTheExpiryIsRefused() {
    Propose p = g.install(1, 10, 4);
    g.block(g.propose(0, p));
    g.advanceTo(4);
    assertRejected(
        g.approve(1, 1, p), RejectReason.EXPIRED, "expired at height 4; this block is 5");
    assertThat(g.ledger.proposal(1).orElseThrow().state()).isEqualTo(ProposalStatus.EXPIRED);
  }

  @Test
  void aProposalWhoseExpiryHasPassedIsRefused() {
    g.advanceTo(5);
    assertRejected(g.propose(0, g.install(1, 12, 5)), RejectReason.EXPIRED, "below this block");
  }

  @Test
  void aReplayedApprovalIsRefused() {
    Propose p = g.install(1, 8, 6);
    g.block(g.propose(0, p));
    Transaction approval = g.approve(1, 1, p);
    g.block(approval);
    TxCheck replay = check(approval);
    assertThat(replay.reason()).isEqualTo(RejectReason.BAD_NONCE);
    assertThat(replay.detail()).contains("replay");
    // Signed anew with the next nonce, the same approval is still one too many: it was given.
    assertRejected(g.approve(1, 1, p), RejectReason.ALREADY_SCHEDULED, "scheduled already");
  }

  @Test
  void theSameOperatorCannotApproveTwice() {
    GovChain three = new GovChain(3);
    Propose p = three.install(1, 8, 6);
    three.block(three.propose(0, p));
    TxCheck again = three.ledger.rules().all(three.approve(0, 1, p), three.ledger.state(), 2);
    assertThat(again.reason()).isEqualTo(RejectReason.ALREADY_APPROVED);
    assertThat(again.detail()).contains("op0 approved proposal 1 already");
    three.block(three.approve(1, 1, p));
    assertThat(three.ledger.proposal(1).orElseThrow().approvers()).containsExactly("op0", "op1");
    assertThat(three.ledger.proposal(1).orElseThrow().state()).isEqualTo(ProposalStatus.PENDING);
  }

  @Test
  void anApprovalForAnotherContentHashIsRefused() {
    Propose p = g.install(1, 8, 6);
    g.block(g.propose(0, p));
    Propose other = new Propose(1, new Install("app", 2, "ee".repeat(32), 8), 6);
    assertRejected(g.approve(1, 1, other), RejectReason.CONTENT_MISMATCH, "the approval names");
    // The same content on another chain hashes differently, so it cannot be carried over either.
    assertThat(p.contentHash("other-chain")).isNotEqualTo(p.contentHash(TestChain.CHAIN_ID));
    assertRejected(
        g.tx(g.operators.get(1), new Approve(1, p.contentHash("other-chain")).payload()),
        RejectReason.CONTENT_MISMATCH,
        "content hash");
  }

  @Test
  void proposalIdsMustBeTheNextNumber() {
    assertRejected(
        g.propose(0, g.install(2, 8, 6)),
        RejectReason.WRONG_SEQUENCE,
        "the next proposal on this chain is 1");
    g.block(g.propose(0, g.install(1, 8, 6)));
    assertRejected(
        g.propose(1, new Propose(1, new Install("app", 3, GovChain.SHA_V2, 9), 6)),
        RejectReason.WRONG_SEQUENCE,
        "proposal id 1; the next proposal on this chain is 2");
    assertThat(g.ledger.proposalCount()).isEqualTo(1);
  }

  @Test
  void anApprovalOfAnUnknownProposalIsRefused() {
    assertRejected(
        g.approve(1, 5, g.install(5, 8, 6)),
        RejectReason.UNKNOWN_PROPOSAL,
        "no proposal 5; 0 made so far");
  }

  @Test
  void anActivationHeightTooCloseOrPastIsRefused() {
    g.advanceTo(3);
    assertRejected(
        g.propose(0, g.install(1, 5, 4)),
        RejectReason.TOO_LATE,
        "must be at least 2 above this block's height 4");
    assertRejected(g.propose(0, g.install(1, 2, 1)), RejectReason.EXPIRED, "below");
  }

  @Test
  void badBodiesAndActionsAreRefused() {
    assertRejected(
        g.tx(g.operators.get(0), new Payload.Governance("propose", new byte[] {1, 2, 3})),
        RejectReason.BAD_BODY,
        "propose body");
    assertRejected(
        g.tx(g.operators.get(0), new Payload.Governance("upgrade", new byte[0])),
        RejectReason.UNKNOWN_ACTION,
        "no governance action 'upgrade'; known: propose, approve");
    assertRejected(
        g.propose(0, new Propose(1, new Install("token", 2, GovChain.SHA_V2, 8), 6)),
        RejectReason.BAD_BODY,
        "built into every node");
    assertRejected(
        g.propose(0, new Propose(1, new Install("app", 1, GovChain.SHA_V2, 8), 6)),
        RejectReason.BAD_BODY,
        "named by the genesis already");
    assertRejected(
        g.propose(0, g.install(1, 8, 8)),
        RejectReason.BAD_BODY,
        "must be below the activation height 8");
  }

  @Test
  void anInstallThatWouldNotRaiseTheVersionConflicts() {
    GovChain one = new GovChain(1);
    one.block(one.propose(0, one.install(1, 6, 4)));
    assertThat(one.ledger.proposal(1).orElseThrow().state()).isEqualTo(ProposalStatus.SCHEDULED);
    // While v2 waits for its height nothing else of app may be installed: not the same height,
    // not v2 again, and not v3 at an earlier height, which v2 would then undo (a downgrade).
    for (Install other :
        java.util.List.of(
            new Install("app", 3, "b3".repeat(32), 6),
            new Install("app", 2, "b3".repeat(32), 7),
            new Install("app", 3, "b3".repeat(32), 5))) {
      TxCheck pending =
          one.ledger.rules().all(one.propose(1, new Propose(2, other, 4)), one.ledger.state(), 2);
      assertThat(pending.reason()).as("%s", other).isEqualTo(RejectReason.CONFLICT);
      assertThat(pending.detail())
          .contains("app version 2 is installed and not yet in force")
          .contains("propose the next install once it is in force");
    }
    one.jars.put(GovChain.SHA_V2, new GovChain.App(2));
    one.advanceTo(6);
    TxCheck lower =
        one.ledger
            .rules()
            .all(
                one.propose(1, new Propose(2, new Install("app", 2, "b3".repeat(32), 10), 8)),
                one.ledger.state(),
                7);
    assertThat(lower.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(lower.detail()).contains("app is at version 2; an install must raise it, got 2");
  }

  @Test
  void aBlockCarryingARejectedGovernanceTransactionIsInvalid() {
    Transaction bad = g.propose(0, g.install(2, 8, 6));
    var empty =
        g.ledger
            .executor()
            .propose(
                g.ledger.chainId(),
                g.ledger.head(),
                java.util.List.of(),
                1_000,
                g.chain.validator.address(),
                io.ledgerlab.ledger.block.CommitCertificate.EMPTY)
            .block()
            .header();
    var header =
        new io.ledgerlab.ledger.block.BlockHeader(
            empty.chainId(),
            empty.height(),
            empty.timeMicros(),
            empty.previousHash(),
            io.ledgerlab.ledger.block.Block.txRoot(java.util.List.of(bad)),
            empty.stateRoot(),
            empty.receiptsRoot(),
            empty.evidenceRoot(),
            empty.proposer(),
            empty.lastCommit());
    var forged =
        new io.ledgerlab.ledger.block.Block(header, java.util.List.of(bad), java.util.List.of());
    assertThatThrownBy(
            () -> g.ledger.executor().replay(g.ledger.chainId(), g.ledger.head(), forged, true))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("WRONG_SEQUENCE");
  }

  @Test
  void aJarHashThatMatchesNoJarHaltsExecutionAtItsHeightAndResumesWithTheJar() {
    Propose p = g.install(1, 6, 4);
    g.block(g.propose(0, p));
    g.block(g.approve(1, 1, p));
    g.advanceTo(5);
    MissingCode missing = g.ledger.executor().missingCode(g.ledger.head()).orElseThrow();
    assertThat(missing).isEqualTo(new MissingCode("app", 2, GovChain.SHA_V2, 6));
    assertThatThrownBy(() -> g.block())
        .isInstanceOf(MissingCodeException.class)
        .hasMessageContaining(
            "app version 2 (jar SHA-256 " + GovChain.SHA_V2 + ") is in force at height 6");
    assertThat(g.ledger.height()).as("nothing was committed").isEqualTo(5);
    // A jar with that hash but another chain code inside does not count.
    g.jars.put(GovChain.SHA_V2, new GovChain.App(3));
    assertThat(g.ledger.executor().missingCode(g.ledger.head())).isPresent();
    g.jars.put(GovChain.SHA_V2, new GovChain.App(2));
    assertThat(g.ledger.executor().missingCode(g.ledger.head())).isEmpty();
    g.block(g.callApp(2));
    assertThat(Versions.inForce(g.ledger.state(), "app")).isEqualTo(2);
    // Every later block needs it too: a node restarted without the jar halts again.
    g.jars.clear();
    assertThat(g.ledger.executor().missingCode(g.ledger.head()))
        .contains(new MissingCode("app", 2, GovChain.SHA_V2, 7));
  }

  @Test
  void theContentHashCoversEveryField() {
    Propose p = g.install(1, 8, 6);
    Hash h = p.contentHash(TestChain.CHAIN_ID);
    Install in = p.install();
    assertThat(new Propose(2, in, 6).contentHash(TestChain.CHAIN_ID)).isNotEqualTo(h);
    assertThat(new Propose(1, in, 7).contentHash(TestChain.CHAIN_ID)).isNotEqualTo(h);
    assertThat(
            new Propose(1, new Install("apq", 2, in.sha256(), 8), 6)
                .contentHash(TestChain.CHAIN_ID))
        .isNotEqualTo(h);
    assertThat(
            new Propose(1, new Install("app", 3, in.sha256(), 8), 6)
                .contentHash(TestChain.CHAIN_ID))
        .isNotEqualTo(h);
    assertThat(
            new Propose(1, new Install("app", 2, Hex.encode(new byte[32]), 8), 6)
                .contentHash(TestChain.CHAIN_ID))
        .isNotEqualTo(h);
    assertThat(
            new Propose(1, new Install("app", 2, in.sha256(), 9), 6)
                .contentHash(TestChain.CHAIN_ID))
        .isNotEqualTo(h);
  }

  @Test
  void installsStopAtTheirBoundSoThatEveryBlockChecksThemAll() {
    GovChain one = new GovChain(1);
    var op = one.operators.get(0);
    java.util.List<Transaction> txs = new java.util.ArrayList<>();
    for (int i = 0; i <= Codes.INSTALLS_MAX; i++) {
      Propose p = new Propose(i + 1, new Install("c" + i, 1, GovChain.SHA_V2, 1_000_000), 10);
      txs.add(Transaction.sign(TestChain.CHAIN_ID, op, i, p.payload()));
    }
    ExecutedBlock b = one.block(txs.toArray(new Transaction[0]));
    assertThat(b.block().transactions()).hasSize(Codes.INSTALLS_MAX);
    assertThat(b.dropped())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.check().reason()).isEqualTo(RejectReason.CONFLICT);
              assertThat(d.check().detail()).contains("made its 1024 governance installs");
            });
  }

  @Test
  void anInstallWhileTheGenesisSchedulesAnUpgradeOfTheSameCodeConflicts() {
    GovChain scheduled = new GovChain(1, b -> b.upgrade("app", 2, 20), new GovChain.App(2));
    TxCheck check =
        scheduled
            .ledger
            .rules()
            .all(
                scheduled.propose(0, new Propose(1, new Install("app", 3, "b3".repeat(32), 10), 8)),
                scheduled.ledger.state(),
                1);

    assertThat(check.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(check.detail()).contains("the genesis schedules app version 2 at height 20");
  }

  @Test
  void aChainWhoseCodeGovernanceUpgradedIsNotExportedHalfway() {
    Propose p = g.install(1, 8, 6);
    g.block(g.propose(0, p));
    g.jars.put(GovChain.SHA_V2, new GovChain.App(2));
    g.block(g.approve(2, 1, p));
    g.advanceTo(8);
    assertThat(Versions.inForce(g.ledger.state(), "app")).isEqualTo(2);

    assertThatThrownBy(
            () ->
                io.ledgerlab.ledger.replay.StateExport.genesis(
                    g.chain.genesis,
                    g.ledger.head(),
                    g.ledger.state(),
                    io.ledgerlab.ledger.replay.StateExport.Options.KEEP))
        .isInstanceOf(io.ledgerlab.ledger.replay.ReplayException.class)
        .hasMessageContaining("app version 2 was installed by governance");
  }
}
