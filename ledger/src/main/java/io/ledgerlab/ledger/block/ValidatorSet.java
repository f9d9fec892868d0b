package io.ledgerlab.ledger.block;

import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.genesis.Genesis;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validators and their voting power. A quorum is more than two thirds of the total power: any
 * two quorums share more than a third, so with at most a third faulty they share an honest one.
 */
public final class ValidatorSet {
  private final List<Genesis.Validator> validators;
  private final Map<Address, Genesis.Validator> byAddress = new HashMap<>();
  private final long totalPower;
  private List<Address> schedule;

  public ValidatorSet(List<Genesis.Validator> validators) {
    this.validators = List.copyOf(validators);
    long total = 0;
    for (Genesis.Validator v : validators) {
      if (byAddress.put(v.address(), v) != null) {
        throw new IllegalArgumentException("validator " + v.name() + " appears twice");
      }
      total = Math.addExact(total, v.power());
    }
    this.totalPower = total;
  }

  public List<Genesis.Validator> validators() {
    return validators;
  }

  public int size() {
    return validators.size();
  }

  public long totalPower() {
    return totalPower;
  }

  public boolean contains(Address address) {
    return byAddress.containsKey(address);
  }

  public long power(Address address) {
    Genesis.Validator v = byAddress.get(address);
    return v == null ? 0 : v.power();
  }

  public PublicKey key(Address address) {
    Genesis.Validator v = byAddress.get(address);
    return v == null ? null : v.publicKey();
  }

  public String name(Address address) {
    Genesis.Validator v = byAddress.get(address);
    return v == null ? address.hex().substring(0, 8) : v.name();
  }

  /** True when {@code power} is more than two thirds of the total. */
  public boolean isQuorum(long power) {
    return power * 3 > totalPower * 2;
  }

  /** True when {@code power} is more than a third: at least one honest validator among them. */
  public boolean exceedsOneThird(long power) {
    return power * 3 > totalPower;
  }

  /**
   * The proposer of a height and round, rotating in proportion to voting power: the schedule is
   * CometBFT's priority algorithm run over one period of the total power, so a validator with twice
   * the power proposes twice as often.
   */
  public Address proposer(long height, int round) {
    List<Address> schedule = schedule();
    return schedule.get((int) Math.floorMod(height + round, (long) schedule.size()));
  }

  private synchronized List<Address> schedule() {
    if (schedule == null) {
      schedule = Collections.unmodifiableList(buildSchedule());
    }
    return schedule;
  }

  private List<Address> buildSchedule() {
    long scale = Math.max(1, totalPower / 4_096);
    int n = validators.size();
    long[] power = new long[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      power[i] = Math.max(1, validators.get(i).power() / scale);
      total += power[i];
    }
    long[] priority = new long[n];
    List<Address> out = new ArrayList<>((int) total);
    for (long slot = 0; slot < total; slot++) {
      int best = 0;
      for (int i = 0; i < n; i++) {
        priority[i] += power[i];
        if (priority[i] > priority[best]) {
          best = i;
        }
      }
      priority[best] -= total;
      out.add(validators.get(best).address());
    }
    return out;
  }
}
