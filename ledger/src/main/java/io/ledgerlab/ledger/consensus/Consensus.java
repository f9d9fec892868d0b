package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.DuplicateVoteEvidence;
import io.ledgerlab.ledger.block.ValidatorSet;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.block.VoteType;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.runtime.time.Timers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tendermint consensus for one height at a time ("The latest gossip on BFT consensus", Buchman,
 * Kwon and Milosevic, 2018). The class reads in the order things happen: enter a round, propose,
 * prevote, precommit, commit. Every input — a proposal, a vote, a timeout — is one event; after
 * each, {@link #evaluate()} applies the algorithm's "upon" rules until none fires.
 *
 * <p>Safety rests on two rules kept here: a validator prevotes a block only if it is not locked on
 * another one (or the block carries a newer proof of lock), and it locks on a block before it
 * precommits it.
 */
public final class Consensus {
  /** What consensus needs from its node; outgoing messages go through here. */
  public interface Context {
    /** This node's validator address, or null when it only follows the chain. */
    Address self();

    /** The node's clock. */
    long nowMicros();

    /** The signed proposal, or null when signing it could contradict an earlier signature. */
    Proposal signProposal(long height, int round, int polRound, Block block);

    /** The signed vote, or null when signing it could contradict an earlier signature. */
    Vote signVote(VoteType type, long height, int round, Hash blockHash);

    void broadcast(Message message);

    /**
     * The round this node starts {@code height} at: 0 unless it already signed in that height
     * before a restart; then the round after, the rounds it signed in being closed to it.
     */
    default int firstRound(long height) {
      return 0;
    }

    /**
     * Called before this node precommits the locked block, with the prevotes that prove the lock: a
     * node that restarts keeps both (see {@link #lockAt}).
     */
    default void locking(LockRecord lock) {}

    /** The lock this node held in {@code height} before a restart, if any. */
    default Optional<LockRecord> lockAt(long height) {
      return Optional.empty();
    }

    Timers.Cancellable schedule(long delayMicros, Runnable task);

    /** A new block for {@code height}, built from the mempool on the committed chain. */
    ExecutedBlock buildBlock(long height, int round);

    /** The block executed on the committed chain, or empty when it breaks a rule. */
    Optional<ExecutedBlock> validate(Block block);

    /** Commits a decided block with the certificate that decided it. */
    void decide(ExecutedBlock block, CommitCertificate certificate);

    /**
     * A quorum precommitted {@code block}, which did not validate here: the validators and this
     * node disagree on what the block does. Called once per block.
     */
    void certifiedButInvalid(Block block);

    void equivocation(DuplicateVoteEvidence evidence);

    /**
     * Consensus repeated what this node said, the chain having been quiet for two retransmit
     * intervals: a relaying node repeats what it relayed at the same moment.
     */
    default void retransmitted() {}

    void event(String name, Map<String, ?> fields);
  }

  /** Where a validator is inside a round. */
  public enum Step {
    PROPOSE,
    PREVOTE,
    PRECOMMIT
  }

  /**
   * How many of its latest messages at this height a node repeats. A proof of lock may need
   * prevotes from many rounds back, so this covers every round of a long partition.
   */
  private static final int RETRANSMIT_MAX = 96;

  /**
   * Messages for rounds further ahead are dropped (honest peers repeat theirs), so a Byzantine
   * validator cannot fill memory with far-future rounds and crowd out the current one.
   */
  private static final int ROUNDS_AHEAD_MAX = 64;

  private final ValidatorSet validators;
  private final ConsensusConfig config;
  private final Context context;

  private long height;
  private int round;
  private Step step;
  private Block lockedBlock;
  private int lockedRound;
  private Block validBlock;
  private int validRound;
  private VoteBook votes;
  private VoteBook previousVotes;
  // By round: tryCommit walks it, and the round it takes first names the certificate that the
  // next header carries, so its order must not be a hash table's.
  private final Map<Integer, Proposal> proposals = new TreeMap<>();
  private final Map<Hash, Optional<ExecutedBlock>> validated = new HashMap<>();
  private final Set<Integer> prevoteTimeoutArmed = new HashSet<>();
  private final Set<Integer> precommitTimeoutArmed = new HashSet<>();
  private final Set<Integer> lockRuleFired = new HashSet<>();
  private final Set<Hash> certifiedInvalid = new HashSet<>();
  private final List<Timers.Cancellable> timers = new ArrayList<>();
  private boolean decided;
  private long lastProgressMicros;
  private final List<Message> said = new ArrayList<>();
  private Timers.Cancellable retransmit;

  public Consensus(ValidatorSet validators, ConsensusConfig config, Context context) {
    this.validators = validators;
    this.config = config;
    this.context = context;
  }

  public long height() {
    return height;
  }

  public int round() {
    return round;
  }

  public Step step() {
    return step;
  }

  // ---- Entering a height and a round --------------------------------------------------------

  /** Entered once the chain has committed {@code height - 1}: forgets the old height's state. */
  public void enterHeight(long newHeight) {
    for (Timers.Cancellable t : timers) {
      t.cancel();
    }
    timers.clear();
    previousVotes = votes != null && height == newHeight - 1 ? votes : null;
    height = newHeight;
    lockedBlock = null;
    lockedRound = -1;
    validBlock = null;
    validRound = -1;
    votes = new VoteBook(validators, config.canary() == Canary.HALF_QUORUM);
    proposals.clear();
    validated.clear();
    prevoteTimeoutArmed.clear();
    precommitTimeoutArmed.clear();
    lockRuleFired.clear();
    certifiedInvalid.clear();
    said.clear();
    decided = false;
    context
        .lockAt(newHeight)
        .ifPresent(
            lock -> {
              // Locked before a restart: keep the lock, and offer the block again as the valid one,
              // with its proof, so a re-proposal can unlock validators locked in earlier rounds.
              for (Vote v : lock.proof()) {
                votes.add(v);
              }
              lockedBlock = lock.block();
              lockedRound = lock.round();
              validBlock = lock.block();
              validRound = lock.round();
              context.event(
                  "consensus.lock.restored",
                  Map.of(
                      "height", newHeight,
                      "round", lock.round(),
                      "block", lock.block().hash().shortHex()));
            });
    startRound(context.firstRound(newHeight));
    if (retransmit == null) {
      scheduleRetransmit();
    }
  }

  /** StartRound: the proposer proposes; everyone else waits for the proposal with a timeout. */
  private void startRound(int newRound) {
    round = newRound;
    lastProgressMicros = context.nowMicros();
    step = Step.PROPOSE;
    context.event("consensus.round", Map.of("height", height, "round", round));
    if (isProposer(round)) {
      Block block;
      if (validBlock != null) {
        block = validBlock;
      } else {
        ExecutedBlock built = context.buildBlock(height, round);
        validated.put(built.block().hash(), Optional.of(built));
        block = built.block();
      }
      Proposal proposal = context.signProposal(height, round, validRound, block);
      if (proposal != null) {
        say(new Message.ProposalMsg(proposal));
        if (validRound >= 0) {
          // The proof of lock travels with a re-proposal: nodes that missed those prevotes
          // (or saw an equivocator's other vote) could otherwise never accept it.
          for (Vote v : votes.votesFor(validRound, VoteType.PREVOTE, block.hash())) {
            say(new Message.VoteMsg(v));
          }
        }
        onProposal(proposal);
      }
    } else {
      long h = height;
      int r = round;
      arm(config.propose(round), () -> onTimeoutPropose(h, r));
    }
    evaluate();
  }

  // ---- Inputs ---------------------------------------------------------------------------------

  /**
   * A proposal that passed signature checks for this height.
   *
   * @return whether it was taken: the first proposal of its round, inside the window of rounds
   *     ahead. Only such a proposal is worth relaying, so a relay passes on at most one per round.
   */
  public boolean onProposal(Proposal proposal) {
    if (proposal.height() != height
        || proposal.round() > round + ROUNDS_AHEAD_MAX
        || proposals.containsKey(proposal.round())) {
      return false;
    }
    proposals.put(proposal.round(), proposal);
    evaluate();
    return true;
  }

  /**
   * A vote that passed signature checks for this height.
   *
   * @return whether it was new here and inside the window of rounds ahead: a validator's first vote
   *     of a round and type, or its second, different one (which carries the evidence of its
   *     equivocation). Only such a vote is worth relaying, so a relay passes on at most two per
   *     validator, round and type, however many a Byzantine validator signs.
   */
  public boolean onVote(Vote vote) {
    if (vote.height() != height || vote.round() > round + ROUNDS_AHEAD_MAX) {
      return false;
    }
    VoteBook.Added added = votes.add(vote);
    if (added.evidence() != null) {
      context.equivocation(added.evidence());
    }
    if (added.isNew()) {
      evaluate();
    }
    return added.isNew();
  }

  /**
   * Compares a verified certificate for the previous height with the precommits this node saw
   * there. Without a relaying node between them, two halves shown different votes only meet here,
   * when the next block carries one half's precommits to the other.
   */
  public void compareWithCertificate(CommitCertificate certificate) {
    if (previousVotes == null || certificate.height() != height - 1) {
      return;
    }
    for (CommitCertificate.Precommit p : certificate.votes()) {
      Vote vote =
          new Vote(
              VoteType.PRECOMMIT,
              certificate.height(),
              certificate.round(),
              certificate.blockHash(),
              p.validator(),
              p.signature());
      VoteBook.Added added = previousVotes.add(vote);
      if (added.evidence() != null) {
        context.equivocation(added.evidence());
      }
    }
  }

  /** The proposer of {@code r} at this height. */
  /** A block of this height that was proposed and validated, by hash, if this node saw it. */
  public Optional<Block> seenBlock(Hash hash) {
    Optional<ExecutedBlock> executed = validated.getOrDefault(hash, Optional.empty());
    return executed.map(ExecutedBlock::block);
  }

  /**
   * The validators whose precommit for {@code blockHash} in round {@code r} of this height this
   * node holds, also those that arrived after it decided.
   */
  public java.util.Set<Address> precommitters(int r, Hash blockHash) {
    java.util.Set<Address> out = new HashSet<>();
    if (votes != null) {
      for (Vote v : votes.votesFor(r, VoteType.PRECOMMIT, blockHash)) {
        out.add(v.validator());
      }
    }
    return out;
  }

  public Address proposer(int r) {
    return validators.proposer(height, r);
  }

  // ---- The upon rules -------------------------------------------------------------------------

  /** Applies every rule that is enabled, once each, in the algorithm's order. */
  private void evaluate() {
    if (decided) {
      return;
    }
    if (tryCommit()) {
      return;
    }
    if (trySkipRound()) {
      return;
    }
    Proposal proposal = proposals.get(round);
    if (step == Step.PROPOSE && proposal != null) {
      prevoteOn(proposal);
    }
    if (step == Step.PREVOTE
        && votes.hasQuorumOfAny(round, VoteType.PREVOTE)
        && prevoteTimeoutArmed.add(round)) {
      long h = height;
      int r = round;
      arm(config.vote(round), () -> onTimeoutPrevote(h, r));
    }
    if (step != Step.PROPOSE && proposal != null) {
      lockOn(proposal);
    }
    if (step == Step.PREVOTE && votes.hasQuorumFor(round, VoteType.PREVOTE, Vote.NIL)) {
      precommit(Vote.NIL);
    }
    if (votes.hasQuorumOfAny(round, VoteType.PRECOMMIT) && precommitTimeoutArmed.add(round)) {
      long h = height;
      int r = round;
      arm(config.vote(round), () -> onTimeoutPrecommit(h, r));
    }
  }

  /** Prevote: for the proposal if it is valid and we are free to (lock rules), else nil. */
  private void prevoteOn(Proposal p) {
    int vr = p.polRound();
    boolean lockedOnIt = lockedBlock != null && p.blockHash().equals(lockedBlock.hash());
    if (vr >= 0
        && !lockedOnIt
        && !(vr < round && votes.hasQuorumFor(vr, VoteType.PREVOTE, p.blockHash()))) {
      // A re-proposal must wait for the proof of lock it claims, unless it is the block this node
      // is locked on: prevoting one's own lock is always safe, and after every validator restarted
      // the prevotes that proved it are gone from every memory.
      return;
    }
    boolean free =
        config.canary() == Canary.IGNORE_LOCK
            || lockedRound == -1
            || p.block().hash().equals(lockedBlock.hash())
            || (vr >= 0 && lockedRound <= vr);
    boolean vote = free && isValid(p.block());
    step = Step.PREVOTE;
    castVote(VoteType.PREVOTE, vote ? p.blockHash() : Vote.NIL);
  }

  /** Lock and precommit once the proposal has a quorum of prevotes in this round. */
  private void lockOn(Proposal p) {
    if (!votes.hasQuorumFor(round, VoteType.PREVOTE, p.blockHash())
        || !isValid(p.block())
        || !lockRuleFired.add(round)) {
      return;
    }
    if (step == Step.PREVOTE) {
      lockedBlock = p.block();
      lockedRound = round;
      context.locking(
          new LockRecord(
              height, round, p.block(), votes.votesFor(round, VoteType.PREVOTE, p.blockHash())));
      precommit(p.blockHash());
    }
    validBlock = p.block();
    validRound = round;
  }

  private void precommit(Hash value) {
    step = Step.PRECOMMIT;
    castVote(VoteType.PRECOMMIT, value);
  }

  /**
   * Commit: any round's proposal with a quorum of precommits decides the height; the lowest such
   * round gives the certificate.
   */
  private boolean tryCommit() {
    for (Map.Entry<Integer, Proposal> e : proposals.entrySet()) {
      Proposal p = e.getValue();
      int r = e.getKey();
      if (votes.hasQuorumFor(r, VoteType.PRECOMMIT, p.blockHash())) {
        Optional<ExecutedBlock> executed = validation(p.block());
        if (executed.isPresent()) {
          decided = true;
          lastProgressMicros = context.nowMicros();
          List<CommitCertificate.Precommit> sigs = new ArrayList<>();
          for (Vote v : votes.votesFor(r, VoteType.PRECOMMIT, p.blockHash())) {
            sigs.add(new CommitCertificate.Precommit(v.validator(), v.signature()));
          }
          context.decide(executed.get(), new CommitCertificate(height, r, p.blockHash(), sigs));
          return true;
        }
        if (certifiedInvalid.add(p.blockHash())) {
          context.certifiedButInvalid(p.block());
        }
      }
    }
    return false;
  }

  /** A later round with voters holding more than a third of the power: catch up to it. */
  private boolean trySkipRound() {
    for (int r : votes.roundsAbove(round)) {
      if (votes.moreThanOneThirdIn(r)) {
        context.event("consensus.round.skip", Map.of("height", height, "from", round, "to", r));
        startRound(r);
        return true;
      }
    }
    return false;
  }

  // ---- Timeouts -------------------------------------------------------------------------------

  private void onTimeoutPropose(long h, int r) {
    if (h == height && r == round && step == Step.PROPOSE && !decided) {
      context.event("consensus.timeout", Map.of("height", h, "round", r, "step", "propose"));
      step = Step.PREVOTE;
      castVote(VoteType.PREVOTE, Vote.NIL);
      evaluate();
    }
  }

  private void onTimeoutPrevote(long h, int r) {
    if (h == height && r == round && step == Step.PREVOTE && !decided) {
      context.event("consensus.timeout", Map.of("height", h, "round", r, "step", "prevote"));
      precommit(Vote.NIL);
      evaluate();
    }
  }

  private void onTimeoutPrecommit(long h, int r) {
    if (h == height && r == round && !decided) {
      context.event("consensus.timeout", Map.of("height", h, "round", r, "step", "precommit"));
      startRound(r + 1);
    }
  }

  // ---- Helpers --------------------------------------------------------------------------------

  private void castVote(VoteType type, Hash value) {
    if (context.self() == null || !validators.contains(context.self())) {
      return;
    }
    Vote vote = context.signVote(type, height, round, value);
    if (vote == null) {
      return;
    }
    say(new Message.VoteMsg(vote));
    onVote(vote);
  }

  private boolean isProposer(int r) {
    return context.self() != null && context.self().equals(proposer(r));
  }

  private boolean isValid(Block block) {
    return validation(block).isPresent();
  }

  private Optional<ExecutedBlock> validation(Block block) {
    return validated.computeIfAbsent(block.hash(), h -> context.validate(block));
  }

  private void arm(long delayMicros, Runnable task) {
    timers.add(context.schedule(delayMicros, task));
  }

  private void say(Message message) {
    said.add(message);
    context.broadcast(message);
  }

  /**
   * Messages get lost; every node re-sends what it said at this height on a timer, so a healed link
   * or a restarted peer catches up without a special protocol. Consensus repeats only a node's own
   * messages, which keeps the cost linear in the number of peers; a relaying node adds a bounded
   * number of what it relayed (see {@link Context#retransmitted()}).
   */
  private void scheduleRetransmit() {
    retransmit =
        context.schedule(
            config.retransmitMicros(),
            () -> {
              retransmit = null;
              // Quiet while the chain moves: repeat only when nothing happened for two intervals.
              long quiet = context.nowMicros() - lastProgressMicros;
              if (quiet < 0 || quiet >= 2 * config.retransmitMicros()) {
                int from = Math.max(0, said.size() - RETRANSMIT_MAX);
                for (Message m : said.subList(from, said.size())) {
                  context.broadcast(m);
                }
                context.retransmitted();
              }
              scheduleRetransmit();
            });
  }

  /** What this node said at this height, latest last: to repeat to a peer that just connected. */
  public List<Message> recentlySaid() {
    return List.copyOf(said.subList(Math.max(0, said.size() - RETRANSMIT_MAX), said.size()));
  }

  /** Stops all timers: the node is shutting down or crashed. */
  public void stop() {
    for (Timers.Cancellable t : timers) {
      t.cancel();
    }
    timers.clear();
    if (retransmit != null) {
      retransmit.cancel();
      retransmit = null;
    }
  }
}
