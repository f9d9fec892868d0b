package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Signature;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.runtime.entropy.Entropy;
import io.ledgerlab.runtime.net.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Behaviour} applied to what an otherwise honest node says. Messages other than proposals
 * and votes (transactions, sync, status) pass through, except for {@link Behaviour#SILENT}.
 */
public final class ByzantineOutbox implements Outbox {
  private static final int REPLAY_HISTORY_MAX = 256;

  private final Behaviour behaviour;
  private final Outbox honest;
  private final ConsensusNode node;
  private final Coalition coalition;
  private final Entropy entropy;
  private final List<Message> history = new ArrayList<>();

  public ByzantineOutbox(
      Behaviour behaviour,
      Outbox honest,
      ConsensusNode node,
      Coalition coalition,
      Entropy entropy) {
    this.behaviour = behaviour;
    this.honest = honest;
    this.node = node;
    this.coalition = coalition;
    this.entropy = entropy;
  }

  /** A factory for nodes of one behaviour in one coalition. */
  public static ConsensusNode.OutboxFactory factory(
      Behaviour behaviour, Coalition coalition, Entropy entropy) {
    if (behaviour == Behaviour.HONEST) {
      return ConsensusNode.OutboxFactory.HONEST;
    }
    return (honest, node) -> new ByzantineOutbox(behaviour, honest, node, coalition, entropy);
  }

  @Override
  public void broadcast(Message message) {
    switch (behaviour) {
      case SILENT:
        return;
      case WITHHOLD_VOTES:
        if (!(message instanceof Message.VoteMsg)) {
          honest.broadcast(message);
        }
        return;
      case INVALID_SIGNATURES:
        honest.broadcast(corrupt(message));
        return;
      case LOCK_ATTACK:
        lockAttack(message);
        return;
      case REPLAY:
        honest.broadcast(message);
        replayOld(message);
        return;
      default:
        equivocate(message);
    }
  }

  private void equivocate(Message message) {
    boolean proposals = behaviour == Behaviour.DOUBLE_PROPOSE || behaviour == Behaviour.EQUIVOCATE;
    boolean votes = behaviour == Behaviour.DOUBLE_VOTE || behaviour == Behaviour.EQUIVOCATE;
    if (proposals && message instanceof Message.ProposalMsg p) {
      splitProposal(p.proposal());
    } else if (votes && message instanceof Message.VoteMsg v) {
      splitVote(v.vote());
    } else {
      honest.broadcast(message);
    }
  }

  /** Side A gets the honest proposal, side B a different valid block for the same round. */
  private void splitProposal(Proposal original) {
    ExecutedBlock other = node.buildAlternativeBlock(original.height(), original.block());
    Proposal alternative =
        Proposal.sign(
            node.ledger().chainId(),
            node.key(),
            original.height(),
            original.round(),
            original.polRound(),
            other.block());
    coalition.pair(original.blockHash(), alternative.blockHash());
    for (NodeId peer : honest.peers()) {
      honest.send(peer, new Message.ProposalMsg(coalition.onSideA(peer) ? original : alternative));
    }
  }

  /** Side A gets the vote; side B a vote for the paired block, or nil when there is none. */
  private void splitVote(Vote vote) {
    Hash conflicting = vote.isNil() ? null : coalition.conflicting(vote.blockHash());
    if (conflicting == null
        && !vote.isNil()
        && behaviour == Behaviour.EQUIVOCATE
        && coalition.separateProcesses()) {
      // In another process than the proposer: derive the twin block the round's proposer showed
      // side B, which is a function of the original block and the chain below it.
      io.ledgerlab.ledger.crypto.Address proposer =
          node.validators().proposer(vote.height(), vote.round());
      if (coalition.isMember(nodeOf(proposer))) {
        conflicting =
            node.consensus()
                .seenBlock(vote.blockHash())
                .map(b -> node.buildAlternativeBlock(b.height(), b, proposer).block().hash())
                .orElse(null);
      }
      if (conflicting != null) {
        coalition.pair(vote.blockHash(), conflicting);
      }
    }
    Hash other = conflicting != null ? conflicting : (vote.isNil() ? null : Vote.NIL);
    Vote second =
        other == null
            ? vote
            : Vote.sign(
                node.ledger().chainId(),
                node.key(),
                vote.type(),
                vote.height(),
                vote.round(),
                other);
    for (NodeId peer : honest.peers()) {
      honest.send(peer, new Message.VoteMsg(coalition.onSideA(peer) ? vote : second));
    }
  }

  /** Rounds this node proposed in, with the proposer of the round after: the one kept blind. */
  private final java.util.Map<String, NodeId> blinded = new java.util.HashMap<>();

  private void lockAttack(Message message) {
    if (message instanceof Message.ProposalMsg p) {
      Proposal x = p.proposal();
      NodeId next = nodeOf(node.validators().proposer(x.height(), x.round() + 1));
      blinded.put(x.height() + "/" + x.round(), next);
      sendAllBut(next, message);
      return;
    }
    if (message instanceof Message.VoteMsg v) {
      Vote vote = v.vote();
      NodeId next = blinded.get(vote.height() + "/" + vote.round());
      if (next != null && vote.type() == io.ledgerlab.ledger.block.VoteType.PREVOTE) {
        sendAllBut(next, message);
        return;
      }
      if (next != null) {
        for (NodeId peer : honest.peers()) {
          if (!peer.equals(next) && !coalition.isMember(peer)) {
            honest.send(peer, message);
            return;
          }
        }
      }
    }
    honest.broadcast(message);
  }

  private void sendAllBut(NodeId excluded, Message message) {
    for (NodeId peer : honest.peers()) {
      if (!peer.equals(excluded)) {
        honest.send(peer, message);
      }
    }
  }

  /** The node that runs validator {@code address}: names are the genesis validator names. */
  private NodeId nodeOf(io.ledgerlab.ledger.crypto.Address address) {
    return NodeId.of(node.validators().name(address));
  }

  private void replayOld(Message message) {
    if (message instanceof Message.VoteMsg || message instanceof Message.ProposalMsg) {
      if (history.size() < REPLAY_HISTORY_MAX) {
        history.add(message);
      } else {
        history.set(entropy.nextInt(REPLAY_HISTORY_MAX), message);
      }
    }
    if (!history.isEmpty()) {
      honest.broadcast(history.get(entropy.nextInt(history.size())));
    }
  }

  private Message corrupt(Message message) {
    if (message instanceof Message.VoteMsg v) {
      Vote x = v.vote();
      return new Message.VoteMsg(
          new Vote(
              x.type(), x.height(), x.round(), x.blockHash(), x.validator(), flip(x.signature())));
    }
    if (message instanceof Message.ProposalMsg p) {
      Proposal x = p.proposal();
      return new Message.ProposalMsg(
          new Proposal(x.height(), x.round(), x.polRound(), x.block(), flip(x.signature())));
    }
    return message;
  }

  private static Signature flip(Signature s) {
    byte[] b = s.bytes();
    b[0] ^= 0x01;
    return Signature.of(b);
  }

  @Override
  public void send(NodeId peer, Message message) {
    if (behaviour != Behaviour.SILENT) {
      honest.send(peer, message);
    }
  }

  @Override
  public List<NodeId> peers() {
    return honest.peers();
  }
}
