package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.DuplicateVoteEvidence;
import io.ledgerlab.ledger.block.ValidatorSet;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.block.VoteType;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.exec.InvalidBlockException;
import io.ledgerlab.ledger.exec.MissingCode;
import io.ledgerlab.ledger.exec.MissingCodeException;
import io.ledgerlab.ledger.mempool.Mempool;
import io.ledgerlab.ledger.observer.Observer;
import io.ledgerlab.ledger.observer.ObserverStatus;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.net.Transport;
import io.ledgerlab.runtime.time.Timers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A validator (or, without a key, an observer) of the reference chain: the mempool with gossip,
 * Tendermint consensus, block sync and evidence, wired to the runtime seams. Single-threaded: every
 * message, timer and client call is one event on the node's loop.
 *
 * <p>An observer follows consensus and sync without ever signing, re-executes every block and
 * measures the validators (see {@link Observer}). Any node may relay the proposals and votes of its
 * height and rescue transactions stuck in its mempool (see {@link ConsensusConfig}).
 */
public final class ConsensusNode implements Transport.Handler {
  /** What the node reports to whoever runs it. */
  public interface Listener {
    void onCommitted(NodeId node, ExecutedBlock block, CommitCertificate certificate);

    Listener NONE = (node, block, cert) -> {};
  }

  private static final int EVIDENCE_PER_BLOCK_MAX = 16;
  private static final int SYNC_BATCH = 16;
  private static final int EARLY_MESSAGES_MAX = 4_096;
  private static final int PENDING_EVIDENCE_MAX = 1_024;

  /**
   * How many of the proposals and votes it relayed at this height a relaying node repeats when the
   * chain is quiet or a peer connects: the latest ones, as consensus repeats a node's own.
   */
  static final int RELAY_REPEAT_MAX = 128;

  /** Hellos to a peer that never answered, each after twice the wait of the one before. */
  static final int HELLO_TRIES_MAX = 6;

  /** Transactions one rescue tick sends again, so a full mempool cannot flood the links. */
  static final int RESCUED_PER_TICK_MAX = 1_000;

  /** Peers whose announced version is kept. */
  private static final int PEER_VERSIONS_MAX = 1_024;

  /** Blocks of this height whose replay gave other roots than their header's, by hash. */
  private static final int ROOT_MISMATCHES_MAX = 64;

  /** What a node announces when whoever built it named no version. */
  public static final String UNKNOWN_VERSION = "unknown";

  /** How often a node halted for missing chain code looks for it again. */
  static final long CODE_RESCAN_MICROS = 1_000_000;

  private final NodeId id;
  private final NodeRuntime runtime;
  private final Ledger ledger;
  private final KeyPair key;
  private final ValidatorSet validators;
  private final ConsensusConfig config;
  private final Mempool mempool;
  private final Outbox outbox;
  private final Listener listener;
  private final Consensus consensus;
  private final Map<Hash, DuplicateVoteEvidence> pendingEvidence = new LinkedHashMap<>();
  private final SignGuard signGuard;
  private Timers.Cancellable statusTimer;
  private long syncRequestedAtMicros = -1;
  private long bestPeerHeight;
  private final List<Early> early = new ArrayList<>();
  private boolean running;
  private final String version;

  /** Measures the chain; only on an observer (a node without a validator key). */
  private final Observer observer;

  private final Map<String, String> peerVersions = new TreeMap<>();

  /** What this node relayed at this height, latest last, at most {@link #RELAY_REPEAT_MAX}. */
  private final java.util.ArrayDeque<Relayed> relayed = new java.util.ArrayDeque<>();

  /** Hellos sent to each peer whose version is unknown, and the status tick that sends the next. */
  private final Map<String, long[]> helloBackoff = new HashMap<>();

  private long statusTicks;
  private long relayedProposals;
  private long relayedVotes;
  private final Map<Hash, InvalidBlockException.RootMismatch> rootMismatches = new HashMap<>();
  private Timers.Cancellable rescueTimer;
  private long rescuedTransactions;

  /**
   * A block this observer decided by consensus and measures when it leaves the height, so the
   * precommits that arrive during its commit wait count too.
   */
  private Observed observed;

  private record Observed(Block block, CommitCertificate certificate, long parentTimeMicros) {}

  /** A message of the next height, from whom, and its received bytes (null when relay is off). */
  private record Early(NodeId from, Message message, byte[] bytes) {}

  /** A proposal or vote this node relayed, as received, and the peer it came from. */
  private record Relayed(NodeId from, Message message, byte[] bytes) {}

  /** The chain code this node lacks to go on, while it is halted for it; null while it runs. */
  private MissingCode halted;

  private Timers.Cancellable codeTimer;

  public ConsensusNode(
      NodeId id,
      NodeRuntime runtime,
      Ledger ledger,
      KeyPair key,
      List<NodeId> peers,
      ConsensusConfig config,
      OutboxFactory outboxes,
      Listener listener) {
    this(id, runtime, ledger, key, peers, config, outboxes, listener, UNKNOWN_VERSION);
  }

  /**
   * @param key the validator key, or null for an observer
   * @param version the software version this node announces to its peers, such as {@code v1}
   */
  public ConsensusNode(
      NodeId id,
      NodeRuntime runtime,
      Ledger ledger,
      KeyPair key,
      List<NodeId> peers,
      ConsensusConfig config,
      OutboxFactory outboxes,
      Listener listener,
      String version) {
    if (!Message.Hello.isVersion(version)) {
      throw new IllegalArgumentException(
          "a node's version is 1-64 of A-Z a-z 0-9 . _ + / -, got '" + version + "'");
    }
    this.version = version;
    this.id = id;
    this.runtime = runtime;
    this.ledger = ledger;
    this.key = key;
    this.validators = new ValidatorSet(ledger.genesis().validators());
    this.signGuard = new SignGuard(runtime.disk());
    this.config = config;
    this.mempool = new Mempool(100_000, 64L * 1024 * 1024);
    Outbox honest = new TransportOutbox(runtime.transport(), peers);
    this.outbox = outboxes.wrap(honest, this);
    this.listener = listener;
    this.consensus = new Consensus(validators, config, new ContextImpl());
    this.observer = key == null ? new Observer(validators, runtime.log()) : null;
  }

  /** Makes the outbox a node uses; Byzantine behaviours wrap the honest one. */
  @FunctionalInterface
  public interface OutboxFactory {
    Outbox wrap(Outbox honest, ConsensusNode node);

    OutboxFactory HONEST = (honest, node) -> honest;
  }

  public void start() {
    running = true;
    runtime.transport().bind(this);
    enterNextHeight();
    scheduleStatus();
    if (config.rescueAfterMicros() > 0) {
      scheduleRescue();
    }
    outbox.broadcast(new Message.Hello(version, false));
    event("node.started", Map.of("height", ledger.height()));
  }

  public void stop() {
    running = false;
    consensus.stop();
    if (statusTimer != null) {
      statusTimer.cancel();
    }
    if (codeTimer != null) {
      codeTimer.cancel();
    }
    if (rescueTimer != null) {
      rescueTimer.cancel();
    }
  }

  // ---- Clients --------------------------------------------------------------------------------

  /** Admits a transaction and gossips it to every peer. */
  public TxCheck submit(Transaction tx) {
    TxCheck check = admit(tx);
    if (check.isOk()) {
      outbox.broadcast(new Message.TxMsg(tx));
    }
    return check;
  }

  private TxCheck admit(Transaction tx) {
    return mempool.admit(tx, ledger, runtime.clock().nowMicros());
  }

  // ---- Rescue ---------------------------------------------------------------------------------

  /**
   * Twice per bound, so a transaction goes out again at most one and a half bounds after it became
   * due.
   */
  private void scheduleRescue() {
    rescueTimer =
        runtime
            .timers()
            .schedule(
                Math.max(1, config.rescueAfterMicros() / 2),
                () -> {
                  if (running) {
                    rescue();
                    scheduleRescue();
                  }
                });
  }

  /**
   * Gossips again the transactions that waited here longer than the bound (each one's wait doubling
   * after every rescue, see {@link Mempool#rescue}): one whose entry node died right after
   * accepting it may have no other copy than this one, and only the proposers' mempools turn it
   * into a block.
   */
  private void rescue() {
    Mempool.Rescue rescue =
        mempool.rescue(
            runtime.clock().nowMicros(), config.rescueAfterMicros(), RESCUED_PER_TICK_MAX);
    if (rescue.transactions().isEmpty()) {
      return;
    }
    for (Transaction tx : rescue.transactions()) {
      outbox.broadcast(new Message.TxMsg(tx));
    }
    rescuedTransactions += rescue.transactions().size();
    event(
        "mempool.rescued",
        Map.of("count", rescue.transactions().size(), "oldestMicros", rescue.oldestMicros()));
  }

  // ---- Inbound messages -----------------------------------------------------------------------

  /**
   * A peer (re)connected: tell it at once what we said at this height, rather than at the next
   * retransmission, so a network that just started, or a link that just healed, decides sooner.
   */
  @Override
  public void onPeerUp(NodeId peer) {
    if (!running) {
      return;
    }
    for (Message m : consensus.recentlySaid()) {
      outbox.send(peer, m);
    }
    for (Relayed r : relayed) {
      if (!r.from().equals(peer)) {
        outbox.forward(peer, r.message(), r.bytes());
      }
    }
    // It may run other software than when it was last connected: ask, telling ours, and ask
    // again on the status ticks' back-off from the start.
    helloBackoff.remove(peer.name());
    outbox.send(peer, new Message.Hello(version, false));
  }

  @Override
  public void onMessage(NodeId from, byte[] bytes) {
    if (!running) {
      return;
    }
    Message message;
    try {
      message = Messages.decode(bytes);
    } catch (DecodeException e) {
      warn("p2p.message.invalid", Map.of("peer", from.name(), "reason", e.getMessage()));
      return;
    }
    if (halted != null
        && (message instanceof Message.ProposalMsg
            || message instanceof Message.VoteMsg
            || message instanceof Message.SyncResponse)) {
      // Halted for missing code: this node cannot judge blocks from that height on. It still
      // serves its chain, admits transactions and hears peers' heights.
      return;
    }
    // A relay passes on the bytes it received; without relay they are not kept.
    byte[] relayable = config.relay() ? bytes : null;
    if (message instanceof Message.ProposalMsg p) {
      onProposal(from, p.proposal(), relayable);
    } else if (message instanceof Message.VoteMsg v) {
      onVote(from, v.vote(), relayable);
    } else if (message instanceof Message.Hello h) {
      onHello(from, h);
    } else if (message instanceof Message.TxMsg t) {
      admit(t.tx());
    } else if (message instanceof Message.Status s) {
      onStatus(from, s.height());
    } else if (message instanceof Message.SyncRequest r) {
      onSyncRequest(from, r);
    } else if (message instanceof Message.SyncResponse r) {
      onSyncResponse(from, r);
    }
  }

  private void onProposal(NodeId from, Proposal p, byte[] bytes) {
    if (p.height() > consensus.height()) {
      aheadOfUs(from, p.height(), new Message.ProposalMsg(p), bytes);
      return;
    }
    if (p.height() != consensus.height()) {
      return;
    }
    Address proposer = validators.proposer(p.height(), p.round());
    if (!p.verify(ledger.chainId(), validators.key(proposer))) {
      warn(
          "consensus.proposal.invalid",
          Map.of(
              "peer",
              from.name(),
              "height",
              p.height(),
              "round",
              p.round(),
              "reason",
              "signature"));
      return;
    }
    if (consensus.onProposal(p)) {
      relay(from, new Message.ProposalMsg(p), bytes);
    }
  }

  private void onVote(NodeId from, Vote vote, byte[] bytes) {
    if (vote.height() > consensus.height()) {
      aheadOfUs(from, vote.height(), new Message.VoteMsg(vote), bytes);
      return;
    }
    if (vote.height() != consensus.height()) {
      return;
    }
    PublicKey signer = validators.key(vote.validator());
    if (signer == null || !vote.verify(ledger.chainId(), signer)) {
      warn(
          "consensus.vote.invalid",
          Map.of(
              "peer",
              from.name(),
              "height",
              vote.height(),
              "round",
              vote.round(),
              "reason",
              signer == null ? "not a validator" : "signature"));
      return;
    }
    if (consensus.onVote(vote)) {
      relay(from, new Message.VoteMsg(vote), bytes);
    }
  }

  /**
   * Passes a proposal or vote that consensus took as new on to every peer but its sender, as the
   * bytes it came in: validators without a direct link then still hear each other through this
   * node. Consensus takes one proposal per round and two votes per validator, round and type (the
   * second is an equivocator's other vote, so honest nodes see the evidence), inside its window of
   * rounds: what one Byzantine validator signs cannot crowd out the others' votes, and nothing
   * consensus drops goes on.
   */
  private void relay(NodeId from, Message message, byte[] bytes) {
    if (bytes == null) {
      return;
    }
    for (NodeId peer : outbox.peers()) {
      if (!peer.equals(from)) {
        outbox.forward(peer, message, bytes);
      }
    }
    if (relayed.size() >= RELAY_REPEAT_MAX) {
      relayed.removeFirst();
    }
    relayed.addLast(new Relayed(from, message, bytes));
    if (message instanceof Message.ProposalMsg) {
      relayedProposals++;
    } else {
      relayedVotes++;
    }
  }

  // ---- Peers' versions ------------------------------------------------------------------------

  /** A peer told its version; a request gets ours back. */
  private void onHello(NodeId from, Message.Hello hello) {
    String before = peerVersions.get(from.name());
    if (!hello.version().equals(before)
        && (before != null || peerVersions.size() < PEER_VERSIONS_MAX)) {
      peerVersions.put(from.name(), hello.version());
      if (observer != null) {
        observer.onPeerVersion(from.name(), hello.version());
      }
    }
    if (!hello.reply()) {
      outbox.send(from, new Message.Hello(version, true));
    }
  }

  /**
   * Repeats what this node relayed at this height, each to every peer but its sender: a relayed
   * message lost on the way would otherwise never come again, as its sender repeats it only to its
   * own peers.
   */
  private void repeatRelayed() {
    for (Relayed r : relayed) {
      for (NodeId peer : outbox.peers()) {
        if (!peer.equals(r.from())) {
          outbox.forward(peer, r.message(), r.bytes());
        }
      }
    }
  }

  /**
   * Asks the peers whose version is unknown yet, as a Hello may have been lost: after 1, 2, 4…
   * status ticks, at most {@link #HELLO_TRIES_MAX} times, so a peer that never answers (an older
   * build that does not know Hello) is not asked forever. A peer that reconnects is asked again.
   */
  private void askVersions() {
    statusTicks++;
    for (NodeId peer : outbox.peers()) {
      if (peerVersions.containsKey(peer.name())) {
        continue;
      }
      long[] backoff = helloBackoff.computeIfAbsent(peer.name(), p -> new long[] {0, 1});
      if (backoff[0] < HELLO_TRIES_MAX && statusTicks >= backoff[1]) {
        backoff[0]++;
        backoff[1] = statusTicks + (1L << backoff[0]);
        outbox.send(peer, new Message.Hello(version, false));
      }
    }
  }

  /**
   * A message for a later height. The next height's messages arrive while this node waits out its
   * commit timeout: keep them for when it enters. Anything further ahead means this node is behind.
   */
  private void aheadOfUs(NodeId from, long height, Message message, byte[] bytes) {
    if (height == ledger.height() + 1 && consensus.height() == ledger.height()) {
      if (early.size() < EARLY_MESSAGES_MAX) {
        early.add(new Early(from, message, bytes));
      }
      return;
    }
    requestSync(from);
  }

  /**
   * Starts consensus on the height after the committed chain, replaying what arrived early — unless
   * that height runs chain code this node does not have: then it halts instead.
   */
  private void enterNextHeight() {
    observePending();
    consensus.stop();
    Optional<MissingCode> missing = ledger.executor().missingCode(ledger.head());
    if (missing.isPresent()) {
      halt(missing.get());
      return;
    }
    relayed.clear();
    rootMismatches.clear();
    consensus.enterHeight(ledger.height() + 1);
    List<Early> replay = new ArrayList<>(early);
    early.clear();
    for (Early e : replay) {
      // Checked and relayed now, as if just received from the peer that sent it.
      if (e.message() instanceof Message.ProposalMsg p
          && p.proposal().height() == consensus.height()) {
        onProposal(e.from(), p.proposal(), e.bytes());
      } else if (e.message() instanceof Message.VoteMsg v
          && v.vote().height() == consensus.height()) {
        onVote(e.from(), v.vote(), e.bytes());
      }
    }
  }

  // ---- Missing chain code ---------------------------------------------------------------------

  /**
   * Stops taking part in consensus: from {@code missing.height()} on the chain runs code this node
   * does not have, and executing (or voting on) those blocks without it would diverge. Looks for
   * the code again on a timer.
   */
  private void halt(MissingCode missing) {
    consensus.stop();
    if (halted != null) {
      return;
    }
    halted = missing;
    early.clear();
    warn(
        "upgrade.missing_code",
        Map.of(
            "chainCode",
            missing.chainCode(),
            "version",
            missing.version(),
            "sha256",
            missing.sha256(),
            "height",
            missing.height()));
    scheduleCodeCheck();
  }

  private void scheduleCodeCheck() {
    codeTimer = runtime.timers().schedule(CODE_RESCAN_MICROS, this::checkCode);
  }

  /** While halted: looks for the missing code again, and goes on once it is there. */
  private void checkCode() {
    if (!running || halted == null) {
      return;
    }
    ledger.codeSource().rescan();
    Optional<MissingCode> missing = ledger.executor().missingCode(ledger.head());
    if (missing.isPresent() && missing.get().equals(halted)) {
      scheduleCodeCheck();
      return;
    }
    MissingCode found = halted;
    halted = null;
    event(
        "upgrade.code_found",
        Map.of(
            "chainCode",
            found.chainCode(),
            "version",
            found.version(),
            "sha256",
            found.sha256(),
            "height",
            found.height()));
    // Another jar may be missing too: entering the height checks again and halts for it.
    syncRequestedAtMicros = -1;
    enterNextHeight();
  }

  /** The chain code this node waits for, while it is halted for missing code. */
  public Optional<MissingCode> halted() {
    return Optional.ofNullable(halted);
  }

  // ---- Block sync -----------------------------------------------------------------------------

  private void onStatus(NodeId from, long peerHeight) {
    bestPeerHeight = Math.max(bestPeerHeight, peerHeight);
    if (peerHeight > ledger.height()) {
      requestSync(from);
    }
  }

  /** Asks {@code peer} for the blocks after ours, at most once per retransmit interval. */
  private void requestSync(NodeId peer) {
    if (halted != null) {
      return;
    }
    long now = runtime.clock().nowMicros();
    // A clock stepped backwards (skew healed) counts as expired, not as a long wait.
    long since = now - syncRequestedAtMicros;
    if (syncRequestedAtMicros >= 0 && since >= 0 && since < config.retransmitMicros()) {
      return;
    }
    syncRequestedAtMicros = now;
    outbox.send(peer, new Message.SyncRequest(ledger.height() + 1, SYNC_BATCH));
  }

  private void onSyncRequest(NodeId from, Message.SyncRequest r) {
    List<Message.CertifiedBlock> blocks = new ArrayList<>();
    for (long h = r.fromHeight();
        h <= ledger.height() && blocks.size() < Math.min(r.maxBlocks(), SYNC_BATCH);
        h++) {
      Optional<Block> block = ledger.block(h);
      Optional<CommitCertificate> cert = ledger.certificate(h);
      if (block.isEmpty() || cert.isEmpty()) {
        break;
      }
      blocks.add(new Message.CertifiedBlock(block.get(), cert.get()));
    }
    if (!blocks.isEmpty()) {
      outbox.send(from, new Message.SyncResponse(blocks));
    }
  }

  /** Verifies each block's certificate, replays it, commits it: a lagging node catches up. */
  private void onSyncResponse(NodeId from, Message.SyncResponse response) {
    long before = ledger.height();
    for (Message.CertifiedBlock cb : response.blocks()) {
      Block block = cb.block();
      if (block.height() != ledger.height() + 1) {
        continue;
      }
      CommitCertificate cert = cb.certificate();
      String bad =
          cert.height() != block.height() || !cert.blockHash().equals(block.hash())
              ? "certificate is for another block"
              : cert.invalidReason(ledger.chainId(), validators);
      if (bad != null) {
        warn(
            "sync.block.invalid",
            Map.of("peer", from.name(), "height", block.height(), "reason", bad));
        return;
      }
      Optional<ExecutedBlock> executed = validateBlock(block);
      if (executed.isEmpty()) {
        // The certificate verified: a quorum committed this block, which replays differently here.
        divergence(block);
      }
      if (executed.isEmpty() && halted != null) {
        // The blocks committed so far stand; entering the next height below halts again.
        break;
      }
      if (executed.isEmpty()) {
        return;
      }
      commit(executed.get(), cert, "sync");
    }
    if (ledger.height() > before) {
      syncRequestedAtMicros = -1;
      enterNextHeight();
      requestSync(from);
    }
  }

  private void scheduleStatus() {
    statusTimer =
        runtime
            .timers()
            .schedule(
                config.retransmitMicros() * 2,
                () -> {
                  if (running) {
                    outbox.broadcast(new Message.Status(ledger.height()));
                    askVersions();
                    scheduleStatus();
                  }
                });
  }

  // ---- Validation, commit and evidence ---------------------------------------------------------

  /** Replays {@code block} on the committed chain with every check, or explains why not. */
  private Optional<ExecutedBlock> validateBlock(Block block) {
    try {
      checkLastCommit(block);
      checkEvidence(block);
      // Signatures this node's mempool checked on admission are not checked again: each node
      // verifies a transaction once, whether it reached it from a client, a peer or a proposal.
      for (Transaction tx : block.transactions()) {
        mempool.pending(tx.hash()).ifPresent(tx::adoptVerification);
      }
      return Optional.of(ledger.executor().replay(ledger.chainId(), ledger.head(), block, true));
    } catch (MissingCodeException e) {
      halt(e.missing());
      return Optional.empty();
    } catch (InvalidBlockException e) {
      if (e.rootMismatch().isPresent() && rootMismatches.size() < ROOT_MISMATCHES_MAX) {
        rootMismatches.put(block.hash(), e.rootMismatch().get());
      }
      if (observer == null || !observer.diverged(block.height())) {
        warn(
            "block.invalid",
            Map.of("height", block.height(), "hash", block.hash().hex(), "reason", e.getMessage()));
      }
      return Optional.empty();
    }
  }

  /** Measures the block decided at this height, with every precommit for it this node holds. */
  private void observePending() {
    if (observed == null) {
      return;
    }
    Observed o = observed;
    observed = null;
    if (o.block().height() != consensus.height()) {
      // Its votes are gone with the height: the certificate is all there is to go by.
      observer.onSynced(o.block(), o.certificate(), o.parentTimeMicros());
      return;
    }
    Set<Address> seen =
        consensus.precommitters(o.certificate().round(), o.certificate().blockHash());
    observer.onCommitted(o.block(), o.certificate(), o.parentTimeMicros(), seen);
  }

  /**
   * On an observer: a block that a quorum certified did not validate here. If only its roots
   * differ, the validators' software and this node's execute differently — a divergence; the block
   * is not committed and the observer stays at the height below.
   */
  private void divergence(Block block) {
    InvalidBlockException.RootMismatch mismatch = rootMismatches.get(block.hash());
    if (observer != null && mismatch != null) {
      observer.onDivergence(block.height(), mismatch);
    }
  }

  private void checkLastCommit(Block block) throws InvalidBlockException {
    CommitCertificate last = block.header().lastCommit();
    if (block.height() == 1) {
      if (!last.equals(CommitCertificate.EMPTY)) {
        throw new InvalidBlockException(1, "the first block carries no certificate");
      }
      return;
    }
    if (last.height() != block.height() - 1
        || !last.blockHash().equals(block.header().previousHash())) {
      throw new InvalidBlockException(
          block.height(), "last commit does not certify the previous block");
    }
    String bad = last.invalidReason(ledger.chainId(), validators);
    if (bad != null) {
      throw new InvalidBlockException(block.height(), "last commit: " + bad);
    }
    consensus.compareWithCertificate(last);
  }

  private void checkEvidence(Block block) throws InvalidBlockException {
    if (block.evidence().size() > EVIDENCE_PER_BLOCK_MAX) {
      throw new InvalidBlockException(
          block.height(), "more than " + EVIDENCE_PER_BLOCK_MAX + " pieces of evidence");
    }
    java.util.Set<Hash> seen = new java.util.HashSet<>();
    for (DuplicateVoteEvidence e : block.evidence()) {
      if (!seen.add(e.hash())) {
        throw new InvalidBlockException(
            block.height(), "evidence " + e.hash().shortHex() + " is listed twice");
      }
      String bad = e.invalidReason(ledger.chainId(), validators);
      if (bad != null) {
        throw new InvalidBlockException(block.height(), "evidence: " + bad);
      }
      if (ledger.hasEvidence(e.hash())) {
        throw new InvalidBlockException(
            block.height(), "evidence " + e.hash().shortHex() + " was committed before");
      }
    }
  }

  private void commit(ExecutedBlock executed, CommitCertificate cert, String via) {
    ledger.commit(executed, cert);
    List<Transaction> invalid = new ArrayList<>();
    for (ExecutedBlock.Dropped d : executed.dropped()) {
      invalid.add(d.tx());
    }
    mempool.update(invalid, address -> ledger.account(address).nonce());
    for (DuplicateVoteEvidence e : executed.block().evidence()) {
      pendingEvidence.remove(e.hash());
      event(
          "evidence.committed",
          Map.of(
              "height",
              executed.block().height(),
              "validator",
              validators.name(e.first().validator()),
              "evidence",
              e.hash().hex()));
    }
    for (ExecutedBlock.ChainCodeError e : executed.chainCodeErrors()) {
      warn(
          "tx.chaincode.error",
          Map.of(
              "height",
              executed.block().height(),
              "tx",
              e.txHash().hex(),
              "chainCode",
              e.chainCode(),
              "exception",
              e.exception()));
    }
    Block b = executed.block();
    event(
        "block.committed",
        Map.of(
            "height",
            b.height(),
            "hash",
            b.hash().hex(),
            "txs",
            b.transactions().size(),
            "round",
            cert.round(),
            "via",
            via,
            "stateRoot",
            b.header().stateRoot().hex()));
    if (observer != null) {
      observePending();
      if (via.equals("consensus")) {
        observed = new Observed(b, cert, executed.parent().timeMicros());
      } else {
        observer.onSynced(b, cert, executed.parent().timeMicros());
      }
    }
    listener.onCommitted(id, executed, cert);
    canaryAfterCommit(b.height());
  }

  /** What deliberately broken node software does after a commit (see {@link Canary}). */
  private void canaryAfterCommit(long height) {
    if (config.canary() == Canary.CRASH && height == Canary.CRASH_HEIGHT) {
      throw new IllegalStateException("canary: a crash bug after committing height " + height);
    }
    if (config.canary() == Canary.CORRUPT_STATE && height == Canary.CORRUPT_HEIGHT) {
      ledger.corruptStateForCanary();
    }
  }

  private void onEquivocation(DuplicateVoteEvidence evidence) {
    // Only evidence every peer accepts goes into a proposal: one piece it refuses would make the
    // whole block undecodable for them, and this node would stall the chain on every turn.
    String bad = evidence.invalidReason(ledger.chainId(), validators);
    if (bad != null) {
      warn(
          "consensus.evidence.invalid",
          Map.of(
              "reason",
              bad,
              "first",
              evidence.first().toString(),
              "second",
              evidence.second().toString()));
      return;
    }
    Hash h = evidence.hash();
    if (pendingEvidence.size() < PENDING_EVIDENCE_MAX
        && !pendingEvidence.containsKey(h)
        && !ledger.hasEvidence(h)) {
      pendingEvidence.put(h, evidence);
      Vote v = evidence.first();
      warn(
          "consensus.equivocation",
          Map.of(
              "validator",
              validators.name(v.validator()),
              "height",
              v.height(),
              "round",
              v.round(),
              "step",
              v.type().name().toLowerCase(java.util.Locale.ROOT),
              "evidence",
              h.hex(),
              "votes",
              evidence.first() + " " + evidence.second()));
    }
  }

  // ---- Accessors ------------------------------------------------------------------------------

  public NodeId id() {
    return id;
  }

  public Ledger ledger() {
    return ledger;
  }

  public Consensus consensus() {
    return consensus;
  }

  public KeyPair key() {
    return key;
  }

  /** {@code observer} without a validator key, else {@code validator}. */
  public String role() {
    return observer != null ? ObserverStatus.OBSERVER : ObserverStatus.VALIDATOR;
  }

  /** The software version this node announces. */
  public String version() {
    return version;
  }

  /** The software version each peer announced, by peer name. */
  public Map<String, String> peerVersions() {
    return Map.copyOf(peerVersions);
  }

  /** What the observer measured; for a validator, its height and peers only. */
  public ObserverStatus observerStatus() {
    return observer != null
        ? observer.status(ledger.height(), peerVersions)
        : ObserverStatus.validator(ledger.height(), peerVersions);
  }

  /** Proposals this node relayed since it started. */
  public long relayedProposals() {
    return relayedProposals;
  }

  /** Votes this node relayed since it started. */
  public long relayedVotes() {
    return relayedVotes;
  }

  /**
   * Whether the message with this hash (of its received bytes) is among the latest relayed at this
   * height, for tests.
   */
  boolean relayedAtThisHeight(Hash messageHash) {
    for (Relayed r : relayed) {
      if (Sha256.hash(r.bytes()).equals(messageHash)) {
        return true;
      }
    }
    return false;
  }

  /** Transactions this node's rescue sent again since it started (one per send). */
  public long rescuedTransactions() {
    return rescuedTransactions;
  }

  public ValidatorSet validators() {
    return validators;
  }

  /** The nonce a client should use next: after the committed ones and those pending here. */
  public long nextNonce(Address sender) {
    return mempool.nextNonce(sender, ledger.account(sender).nonce());
  }

  public int pendingTransactions() {
    return mempool.size();
  }

  public long pendingBytes() {
    return mempool.sizeBytes();
  }

  /** Whether a peer has told us of a height more than one block above ours. */
  public boolean syncing() {
    return bestPeerHeight > ledger.height() + 1;
  }

  /** Whether the transaction is waiting in this node's mempool. */
  public boolean isPending(Hash txHash) {
    return mempool.contains(txHash);
  }

  /** Builds a different but valid block for the same height: the raw material of equivocation. */
  public ExecutedBlock buildAlternativeBlock(long height, Block original) {
    return buildAlternativeBlock(height, original, key.address());
  }

  /**
   * The twin of {@code original} that {@code proposer} offers side B: a function of the original
   * and the chain below it, so a coalition member in another process derives the same block.
   */
  public ExecutedBlock buildAlternativeBlock(long height, Block original, Address proposer) {
    return ledger
        .executor()
        .propose(
            ledger.chainId(),
            ledger.head(),
            List.of(),
            original.header().timeMicros() + 1,
            proposer,
            original.header().lastCommit(),
            List.of());
  }

  private void event(String name, Map<String, ?> fields) {
    runtime.log().info(name, fields);
  }

  private void warn(String name, Map<String, ?> fields) {
    runtime.log().warn(name, fields);
  }

  /** What consensus may do through this node. */
  private final class ContextImpl implements Consensus.Context {
    @Override
    public Address self() {
      return key == null ? null : key.address();
    }

    @Override
    public long nowMicros() {
      return runtime.clock().nowMicros();
    }

    @Override
    public int firstRound(long height) {
      return key == null ? 0 : signGuard.firstRound(height);
    }

    @Override
    public void locking(LockRecord lock) {
      if (key != null && halted == null) {
        lock.write(runtime.disk());
      }
    }

    @Override
    public Optional<LockRecord> lockAt(long height) {
      if (key == null) {
        return Optional.empty();
      }
      Optional<LockRecord> lock = LockRecord.read(runtime.disk(), height);
      lock.ifPresent(this::checkProof);
      return lock;
    }

    /** The proof is passed on to peers: a vote that does not verify means the disk is corrupt. */
    private void checkProof(LockRecord lock) {
      for (Vote v : lock.proof()) {
        PublicKey signer = validators.key(v.validator());
        if (v.type() != VoteType.PREVOTE
            || v.height() != lock.height()
            || v.round() != lock.round()
            || !v.blockHash().equals(lock.block().hash())
            || signer == null
            || !v.verify(ledger.chainId(), signer)) {
          throw new CorruptStateException(
              "lock record holds a vote that is not its proof: " + v, null);
        }
      }
    }

    @Override
    public Proposal signProposal(long height, int round, int polRound, Block block) {
      if (halted != null || key == null) {
        return null;
      }
      if (!signGuard.allow(height, round, SignGuard.PROPOSE, block.hash())) {
        warn("consensus.sign.refused", Map.of("height", height, "round", round, "step", "propose"));
        return null;
      }
      return Proposal.sign(ledger.chainId(), key, height, round, polRound, block);
    }

    @Override
    public Vote signVote(VoteType type, long height, int round, Hash blockHash) {
      if (halted != null || key == null) {
        // A halted node does not vote, not even nil: it cannot judge the block.
        return null;
      }
      int step = type == VoteType.PREVOTE ? SignGuard.PREVOTE : SignGuard.PRECOMMIT;
      if (!signGuard.allow(height, round, step, blockHash)) {
        warn(
            "consensus.sign.refused",
            Map.of(
                "height",
                height,
                "round",
                round,
                "step",
                type.name().toLowerCase(java.util.Locale.ROOT)));
        return null;
      }
      return Vote.sign(ledger.chainId(), key, type, height, round, blockHash);
    }

    @Override
    public void broadcast(Message message) {
      outbox.broadcast(message);
    }

    @Override
    public Timers.Cancellable schedule(long delayMicros, Runnable task) {
      return runtime
          .timers()
          .schedule(
              delayMicros,
              () -> {
                if (running) {
                  task.run();
                }
              });
    }

    @Override
    public ExecutedBlock buildBlock(long height, int round) {
      CommitCertificate last =
          height == 1 ? CommitCertificate.EMPTY : ledger.certificate(height - 1).orElseThrow();
      List<DuplicateVoteEvidence> evidence = new ArrayList<>(pendingEvidence.values());
      return ledger
          .executor()
          .propose(
              ledger.chainId(),
              ledger.head(),
              mempool.reap(ledger.genesis().params().blockTransactionsMax()),
              runtime.clock().nowMicros(),
              key.address(),
              last,
              evidence.subList(0, Math.min(EVIDENCE_PER_BLOCK_MAX, evidence.size())));
    }

    @Override
    public Optional<ExecutedBlock> validate(Block block) {
      return validateBlock(block);
    }

    @Override
    public void decide(ExecutedBlock block, CommitCertificate certificate) {
      commit(block, certificate, "consensus");
      long next = block.block().height() + 1;
      runtime
          .timers()
          .schedule(
              config.timeoutCommitMicros(),
              () -> {
                if (running && consensus.height() < next && ledger.height() == next - 1) {
                  enterNextHeight();
                }
              });
    }

    @Override
    public void certifiedButInvalid(Block block) {
      divergence(block);
    }

    @Override
    public void equivocation(DuplicateVoteEvidence evidence) {
      onEquivocation(evidence);
    }

    @Override
    public void retransmitted() {
      repeatRelayed();
    }

    @Override
    public void event(String name, Map<String, ?> fields) {
      runtime.log().debug(name, fields);
    }
  }

  /** The honest outbox: every message to every peer over the transport. */
  private static final class TransportOutbox implements Outbox {
    private final Transport transport;
    private final List<NodeId> peers;

    TransportOutbox(Transport transport, List<NodeId> peers) {
      this.transport = transport;
      this.peers = List.copyOf(peers);
    }

    @Override
    public void broadcast(Message message) {
      byte[] bytes = Messages.encode(message);
      for (NodeId peer : peers) {
        transport.send(peer, bytes);
      }
    }

    @Override
    public void send(NodeId peer, Message message) {
      transport.send(peer, Messages.encode(message));
    }

    @Override
    public void forward(NodeId peer, Message message, byte[] bytes) {
      transport.send(peer, bytes);
    }

    @Override
    public List<NodeId> peers() {
      return peers;
    }
  }
}
