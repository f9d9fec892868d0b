package io.ledgerlab.ledger.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.replay.samples.CounterOne;
import io.ledgerlab.ledger.replay.samples.CounterTwoCapped;
import io.ledgerlab.ledger.replay.samples.CounterTwoCompatible;
import io.ledgerlab.ledger.replay.samples.CounterTwoRecording;
import io.ledgerlab.ledger.state.StateKey;
import io.ledgerlab.ledger.store.ChainStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain replayed from genesis under its own code and under a v2 of its user chain code, side by
 * side: a v2 that only adds a method is VALID; one that changes what an old transaction did is
 * INVALID at that transaction, with both receipts and the first key they wrote differently; a chain
 * its own code no longer gives is reported as such.
 */
class ChainReplayTest {
  @TempDir Path dir;

  private ReplayReport replay(CounterChain c, Class<? extends CounterOne> v2) throws Exception {
    ChainCodeRegistry own = c.registry();
    Substitution with = Substitution.of(own, List.of(CounterChain.load(dir, v2)));
    return new ChainReplay(c.genesis, own, with).run(c.source(), ChainReplay.Progress.NONE);
  }

  @Test
  void aVersionTwoThatOnlyAddsAMethodReplaysValid() throws Exception {
    CounterChain c = CounterChain.build(dir);
    List<Long> progress = new ArrayList<>();
    ChainCodeRegistry own = c.registry();
    Substitution with =
        Substitution.of(own, List.of(CounterChain.load(dir, CounterTwoCompatible.class)));
    ReplayReport r =
        new ChainReplay(c.genesis, own, with).run(c.source(), (h, head) -> progress.add(h));
    assertThat(r.verdict()).isEqualTo(ReplayReport.Verdict.VALID);
    assertThat(r.divergence()).isNull();
    assertThat(r.blocks()).isEqualTo(4).isEqualTo(r.head());
    assertThat(r.transactions()).isEqualTo(9);
    assertThat(r.stateRoot()).isEqualTo(c.ledger.head().stateRoot());
    assertThat(progress).containsExactly(1L, 2L, 3L, 4L);
    assertThat(r.replaced())
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.describe())
                    .isEqualTo("counter version 2 stands in for counter version 1"));
    assertThat(r.headline()).startsWith("VALID: 4 blocks (9 transactions) of test-chain replay");
  }

  @Test
  void aVersionTwoThatChangesAnOldResultIsInvalidAtThatTransaction() throws Exception {
    CounterChain c = CounterChain.build(dir);
    ReplayReport r = replay(c, CounterTwoCapped.class);
    ChainStore.TxLocation at = c.where(c.bigAdd);
    assertThat(r.verdict()).isEqualTo(ReplayReport.Verdict.INVALID);
    assertThat(r.blocks()).as("the blocks before agree").isEqualTo(2);
    Divergence d = r.divergence();
    assertThat(d.height()).isEqualTo(3).isEqualTo(at.height());
    assertThat(d.txIndex()).isEqualTo(at.index());
    assertThat(d.txHash()).isEqualTo(c.bigAdd.hash());
    assertThat(d.reason()).isEqualTo("the receipts and the writes differ");
    // 1 + 2 before it: v1 answers 3 + 25, the capped v2 3 + 10.
    assertThat(d.reference().result()).isEqualTo(Args.writer().u64(28).toBytes());
    assertThat(d.candidate().result()).isEqualTo(Args.writer().u64(13).toBytes());
    assertThat(d.state().decoded())
        .isEqualTo(new StateKey.ChainCodeData("counter", CounterOne.countKey()));
    assertThat(d.state().before()).isEqualTo(Args.writer().u64(3).toBytes());
    assertThat(d.state().reference()).isEqualTo(Args.writer().u64(28).toBytes());
    assertThat(d.state().candidate()).isEqualTo(Args.writer().u64(13).toBytes());
    assertThat(String.join("\n", r.lines()))
        .contains("INVALID: the replacement code parts from the chain test-chain at block 3")
        .contains("block 3, transaction " + at.index() + " " + c.bigAdd.hash().hex())
        .contains("receipt, chain's code: ok, result 0x000000000000001c")
        .contains("receipt, replacement : ok, result 0x000000000000000d")
        .contains("state chain code counter key \"count\" (was 0x0000000000000003)");
  }

  @Test
  void aVersionTwoThatWritesMoreIsInvalidAtItsFirstCallWithTheKeyItWrote() throws Exception {
    CounterChain c = CounterChain.build(dir);
    ReplayReport r = replay(c, CounterTwoRecording.class);
    ChainStore.TxLocation at = c.where(c.firstAdd);
    Divergence d = r.divergence();
    assertThat(r.verdict()).isEqualTo(ReplayReport.Verdict.INVALID);
    assertThat(d.height()).isEqualTo(1);
    assertThat(d.txIndex()).isEqualTo(at.index());
    assertThat(d.reason()).isEqualTo("the writes differ; the receipts agree");
    assertThat(d.reference().encode()).isEqualTo(d.candidate().encode());
    assertThat(d.state().decoded())
        .isEqualTo(new StateKey.ChainCodeData("counter", CounterTwoRecording.lastKey()));
    assertThat(d.state().before()).isNull();
    assertThat(d.state().reference()).isNull();
    assertThat(d.state().candidate()).isEqualTo(Args.writer().u64(1).toBytes());
    assertThat(r.lines()).anySatisfy(l -> assertThat(l).contains("chain's code: absent"));
  }

  @Test
  void aChainItsOwnCodeNoLongerGivesIsReportedAsSuchBeforeAnyReplacement() throws Exception {
    // The node ran the minting canary: its token credits one extra token on every transfer. The
    // chain's genesis names the honest token, which does not give the roots the blocks carry.
    CounterChain c = CounterChain.build(dir, b -> b, Canary.MINT);
    ChainCodeRegistry own = c.registry();
    Substitution with =
        Substitution.of(own, List.of(CounterChain.load(dir, CounterTwoCompatible.class)));
    ReplayReport r =
        new ChainReplay(c.genesis, own, with).run(c.source(), ChainReplay.Progress.NONE);
    assertThat(r.verdict()).isEqualTo(ReplayReport.Verdict.STORED_CHAIN_INVALID);
    assertThat(r.blocks()).isZero();
    Divergence d = r.divergence();
    assertThat(d.height()).isEqualTo(1);
    assertThat(d.txIndex()).as("the receipts agree: only the block is known").isEqualTo(-1);
    assertThat(d.reason())
        .contains("block 1 is invalid: state root")
        .contains("differs from the header's");
    assertThat(r.headline())
        .isEqualTo(
            "STORED CHAIN INVALID: test-chain does not replay under its own code at block 1 (its"
                + " first block); no replacement was judged");
  }

  @Test
  void storedReceiptsPlaceAChainItsCodeNoLongerGivesAtTheTransaction() throws Exception {
    CounterChain c = CounterChain.build(dir);
    // What the node now carries as counter v1 is in fact the capped code.
    ChainCodeRegistry drifted =
        Substitution.of(c.registry(), List.of(CounterChain.load(dir, CounterTwoCapped.class)))
            .registry();
    ReplayReport r =
        new ChainReplay(c.genesis, drifted, null).run(c.source(), ChainReplay.Progress.NONE);
    assertThat(r.verdict()).isEqualTo(ReplayReport.Verdict.STORED_CHAIN_INVALID);
    Divergence d = r.divergence();
    assertThat(d.height()).isEqualTo(3);
    assertThat(d.txHash()).isEqualTo(c.bigAdd.hash());
    assertThat(d.reference().result()).as("stored").isEqualTo(Args.writer().u64(28).toBytes());
    assertThat(d.candidate().result()).as("re-executed").isEqualTo(Args.writer().u64(13).toBytes());
    assertThat(d.reason())
        .startsWith("the chain's own code gives another receipt than the stored one");
    assertThat(String.join("\n", r.lines()))
        .contains("receipt, stored      : ok, result 0x000000000000001c")
        .contains("receipt, chain's code: ok, result 0x000000000000000d");
  }

  @Test
  void theReplacementRunsWhereverItsNameRunsAtEveryVersion() throws Exception {
    // counter v1 until height 3, then v2 (the compatible jar) from a scheduled upgrade.
    Genesis.CodeJar two = CounterChain.jar(dir, CounterTwoCompatible.class, 2);
    CounterChain c = CounterChain.build(dir, b -> b.upgrade(two, 3), Canary.NONE);
    assertThat(c.ledger.height()).isEqualTo(4);
    ChainCodeRegistry own = c.registry();
    Substitution with =
        Substitution.of(own, List.of(CounterChain.load(dir, CounterTwoCapped.class)));
    assertThat(with.replaced())
        .singleElement()
        .satisfies(x -> assertThat(x.versions()).containsExactly(1, 2));
    ReplayReport r =
        new ChainReplay(c.genesis, own, with).run(c.source(), ChainReplay.Progress.NONE);
    assertThat(r.verdict()).isEqualTo(ReplayReport.Verdict.INVALID);
    assertThat(r.divergence().txHash()).as("a call made to v2").isEqualTo(c.bigAdd.hash());
  }

  @Test
  void aReplacementForNoChainCodeOfTheChainOrTwoForOneAreRefused() throws Exception {
    CounterChain c = CounterChain.build(dir);
    var capped = CounterChain.load(dir, CounterTwoCapped.class);
    var sample =
        io.ledgerlab.ledger.sandbox.Sandbox.load(
            io.ledgerlab.ledger.sandbox.TestJars.of(
                dir, io.ledgerlab.ledger.sandbox.samples.LoopSample.class),
            io.ledgerlab.ledger.sandbox.Sandbox.sha256Hex(dir.resolve("LoopSample.jar")));
    assertThatThrownBy(() -> Substitution.of(c.registry(), List.of(sample)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the replacement sample version 1 names no chain code of the chain, which runs [counter,"
                + " kv, token]");
    assertThatThrownBy(() -> Substitution.of(c.registry(), List.of(capped, capped)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two replacements for chain code counter");
  }

  @Test
  void replayToRebuildsThePastStateTheHeaderNames() throws Exception {
    CounterChain c = CounterChain.build(dir);
    ChainReplay replay = new ChainReplay(c.genesis, c.registry(), null);
    ChainReplay.Replayed at2 = replay.replayTo(c.source(), 2, ChainReplay.Progress.NONE);
    assertThat(at2.head().height()).isEqualTo(2);
    assertThat(at2.head().stateRoot())
        .isEqualTo(c.ledger.block(2).orElseThrow().header().stateRoot());
    assertThat(io.ledgerlab.ledger.state.StateAudit.recomputeRoot(at2.state()))
        .isEqualTo(at2.head().stateRoot());
    assertThatThrownBy(() -> replay.replayTo(c.source(), 5, ChainReplay.Progress.NONE))
        .isInstanceOf(ReplayException.class)
        .hasMessage("height 5 is not on the chain, whose head is at 4");
  }

  @Test
  void aReplayUnderItsOwnCodeOnlyIsValidWithNothingReplaced() throws Exception {
    CounterChain c = CounterChain.build(dir);
    ReplayReport r =
        new ChainReplay(c.genesis, c.registry(), null).run(c.source(), ChainReplay.Progress.NONE);
    assertThat(r.verdict()).isEqualTo(ReplayReport.Verdict.VALID);
    assertThat(r.replaced()).isEmpty();
    assertThat(r.lines().stream().collect(Collectors.joining()))
        .contains("under the chain's own code");
  }
}
