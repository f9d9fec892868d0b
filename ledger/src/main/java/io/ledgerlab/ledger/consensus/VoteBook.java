package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.DuplicateVoteEvidence;
import io.ledgerlab.ledger.block.ValidatorSet;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.block.VoteType;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verified votes of one height, by round and type, with the power behind each block hash. A
 * second, different vote from a validator for the same round and type is not counted: it is
 * returned as evidence of equivocation.
 */
final class VoteBook {
  private static final int ROUNDS_MAX = 10_000;

  private final ValidatorSet validators;
  private final Map<Integer, RoundVotes> rounds = new TreeMap<>();

  private final boolean halfQuorumCanary;

  VoteBook(ValidatorSet validators, boolean halfQuorumCanary) {
    this.validators = validators;
    this.halfQuorumCanary = halfQuorumCanary;
  }

  private boolean isQuorum(long power) {
    return halfQuorumCanary ? power * 2 >= validators.totalPower() : validators.isQuorum(power);
  }

  /** The outcome of adding a vote. */
  record Added(boolean isNew, DuplicateVoteEvidence evidence) {}

  Added add(Vote vote) {
    if (rounds.size() >= ROUNDS_MAX && !rounds.containsKey(vote.round())) {
      return new Added(false, null);
    }
    return rounds.computeIfAbsent(vote.round(), r -> new RoundVotes()).of(vote.type()).add(vote);
  }

  /**
   * The block hash (or {@link Vote#NIL}) holding a quorum of {@code type} votes in {@code round}.
   */
  Optional<Hash> quorumValue(int round, VoteType type) {
    RoundVotes r = rounds.get(round);
    return r == null ? Optional.empty() : r.of(type).quorumValue();
  }

  boolean hasQuorumFor(int round, VoteType type, Hash blockHash) {
    return quorumValue(round, type).filter(blockHash::equals).isPresent();
  }

  /** True once votes of {@code type} in {@code round}, for anything, hold a quorum. */
  boolean hasQuorumOfAny(int round, VoteType type) {
    RoundVotes r = rounds.get(round);
    return r != null && isQuorum(r.of(type).totalPower);
  }

  /** True when validators with more than a third of the power voted in {@code round}. */
  boolean moreThanOneThirdIn(int round) {
    RoundVotes r = rounds.get(round);
    return r != null && validators.exceedsOneThird(r.senderPower());
  }

  /** Rounds above {@code round} that have any votes, ascending. */
  List<Integer> roundsAbove(int round) {
    return new ArrayList<>(((TreeMap<Integer, RoundVotes>) rounds).tailMap(round, false).keySet());
  }

  /** The votes of {@code type} in {@code round} for {@code blockHash}. */
  List<Vote> votesFor(int round, VoteType type, Hash blockHash) {
    RoundVotes r = rounds.get(round);
    List<Vote> out = new ArrayList<>();
    if (r != null) {
      for (Vote v : r.of(type).byValidator.values()) {
        if (v.blockHash().equals(blockHash)) {
          out.add(v);
        }
      }
      for (Vote v : r.of(type).seconds.values()) {
        if (v.blockHash().equals(blockHash)) {
          out.add(v);
        }
      }
    }
    out.sort((a, b) -> a.validator().compareTo(b.validator()));
    return out;
  }

  /** Every counted vote, for retransmission. */
  List<Vote> all(int round) {
    RoundVotes r = rounds.get(round);
    List<Vote> out = new ArrayList<>();
    if (r != null) {
      out.addAll(r.prevotes.byValidator.values());
      out.addAll(r.precommits.byValidator.values());
    }
    return out;
  }

  private final class RoundVotes {
    final TypeVotes prevotes = new TypeVotes();
    final TypeVotes precommits = new TypeVotes();

    TypeVotes of(VoteType type) {
      return type == VoteType.PREVOTE ? prevotes : precommits;
    }

    long senderPower() {
      Set<Address> senders = new HashSet<>(prevotes.byValidator.keySet());
      senders.addAll(precommits.byValidator.keySet());
      long power = 0;
      for (Address a : senders) {
        power += validators.power(a);
      }
      return power;
    }
  }

  private final class TypeVotes {
    final Map<Address, Vote> byValidator = new HashMap<>();
    final Map<Address, Vote> seconds = new HashMap<>();
    final Map<Hash, Long> powerByValue = new HashMap<>();
    long totalPower;

    Added add(Vote vote) {
      Vote earlier = byValidator.get(vote.validator());
      if (earlier != null) {
        if (earlier.blockHash().equals(vote.blockHash())) {
          return new Added(false, null);
        }
        DuplicateVoteEvidence evidence = new DuplicateVoteEvidence(earlier, vote);
        // An equivocator counts for both values it signed (at most two): honest validators sign
        // one, so two quorums still cannot form, and a proof of lock shown to a node that first
        // saw the equivocator's other vote becomes visible to it (as CometBFT's peer-maj23 does).
        Vote second = seconds.get(vote.validator());
        if (second == null) {
          seconds.put(vote.validator(), vote);
          powerByValue.merge(vote.blockHash(), validators.power(vote.validator()), Long::sum);
          return new Added(true, evidence);
        }
        return new Added(false, second.blockHash().equals(vote.blockHash()) ? null : evidence);
      }
      byValidator.put(vote.validator(), vote);
      long power = validators.power(vote.validator());
      powerByValue.merge(vote.blockHash(), power, Long::sum);
      totalPower += power;
      return new Added(true, null);
    }

    Optional<Hash> quorumValue() {
      for (Map.Entry<Hash, Long> e : powerByValue.entrySet()) {
        if (isQuorum(e.getValue())) {
          return Optional.of(e.getKey());
        }
      }
      return Optional.empty();
    }
  }
}
