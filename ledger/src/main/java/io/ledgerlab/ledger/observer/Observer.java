package io.ledgerlab.ledger.observer;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.ValidatorSet;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.exec.InvalidBlockException.RootMismatch;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.runtime.log.EventLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures the chain an observer follows, one committed block at a time, and reports what it finds
 * as events ({@code observer.block}, {@code observer.peer}, {@code observer.divergence}; see
 * docs/events.md). Single-threaded, on the node's loop.
 *
 * <p>A certificate holds the precommits its committer had when it decided: more than two thirds of
 * the power, not necessarily every vote. So a validator counts as a signer of a block when its
 * precommit for that block is in the certificate or reached the observer before it left the height
 * (its commit wait); only a validator whose precommit came neither way is missing. A block the
 * observer synced has only its certificate to go by, and a certificate holds just a quorum: there a
 * validator absent from it is unknown, neither signer nor missing, and counts no certificate.
 */
public final class Observer {
  /** Divergences kept for {@link #status}; the count goes on past it. */
  public static final int DIVERGENCES_KEPT_MAX = 64;

  /** Heights whose divergence was reported, so sync retries do not report it again. */
  private static final int DIVERGED_HEIGHTS_MAX = 4_096;

  /** Indexes of a validator's counts: blocks measured for it, signed, missed. */
  private static final int CERTIFICATES = 0;

  private static final int SIGNED = 1;
  private static final int MISSED = 2;

  private final ValidatorSet validators;
  private final EventLog log;
  private final Map<Address, long[]> participation = new LinkedHashMap<>();
  private final Map<String, Long> proposers = new LinkedHashMap<>();
  private final List<ObserverStatus.Divergence> divergences = new ArrayList<>();
  private final Set<Long> divergedHeights = new HashSet<>();
  private long divergenceCount;
  private long blocks;
  private long roundChanges;
  private long lastIntervalMicros;
  private long intervalsMicrosSum;
  private long intervals;

  public Observer(ValidatorSet validators, EventLog log) {
    this.validators = validators;
    this.log = log;
    for (Genesis.Validator v : validators.validators()) {
      participation.put(v.address(), new long[3]);
    }
  }

  /**
   * A block this node committed, with the certificate that committed it.
   *
   * @param parentTimeMicros the header time of the block before it (or the genesis time, which
   *     gives no interval: the first block's is 0 and counts in no mean)
   * @param alsoSeen validators whose precommit for the block this node received, beyond the
   *     certificate's
   */
  public void onCommitted(
      Block block, CommitCertificate certificate, long parentTimeMicros, Set<Address> alsoSeen) {
    measure(block, certificate, parentTimeMicros, alsoSeen, true);
  }

  /**
   * A block this node committed that it knows only from its certificate (it synced it, or left the
   * height without its votes): the certificate's signers signed, the others are unknown.
   */
  public void onSynced(Block block, CommitCertificate certificate, long parentTimeMicros) {
    measure(block, certificate, parentTimeMicros, Set.of(), false);
  }

  /**
   * @param votesSeen whether this node followed the height's votes, so a validator whose precommit
   *     it did not see missed the block; otherwise only the certificate's signers are counted
   */
  private void measure(
      Block block,
      CommitCertificate certificate,
      long parentTimeMicros,
      Set<Address> alsoSeen,
      boolean votesSeen) {
    // The first block's parent is the genesis, whose time the lab may set far back (process
    // engines start an hour early for nodes skewed behind): no interval to measure there.
    long interval = block.height() == 1 ? 0 : block.header().timeMicros() - parentTimeMicros;
    blocks++;
    if (block.height() > 1) {
      lastIntervalMicros = interval;
      intervalsMicrosSum += interval;
      intervals++;
    }
    String proposer = validators.name(block.header().proposer());
    proposers.merge(proposer, 1L, Long::sum);
    if (certificate.round() > 0) {
      roundChanges++;
    }
    Set<Address> signed = new HashSet<>(alsoSeen);
    for (CommitCertificate.Precommit p : certificate.votes()) {
      signed.add(p.validator());
    }
    List<String> signers = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<Address, long[]> e : participation.entrySet()) {
      boolean in = signed.contains(e.getKey());
      if (!in && !votesSeen) {
        continue;
      }
      long[] c = e.getValue();
      c[CERTIFICATES]++;
      c[in ? SIGNED : MISSED]++;
      (in ? signers : missing).add(validators.name(e.getKey()));
    }
    log.info(
        "observer.block",
        Map.of(
            "height",
            block.height(),
            "proposer",
            proposer,
            "round",
            certificate.round(),
            "intervalMicros",
            interval,
            "signers",
            signers,
            "missing",
            missing));
  }

  /**
   * A block a quorum certified re-executed here to another root: logged and counted once per
   * height.
   *
   * @return whether this is the first report for {@code height}
   */
  public boolean onDivergence(long height, RootMismatch mismatch) {
    if (divergedHeights.contains(height) || divergedHeights.size() >= DIVERGED_HEIGHTS_MAX) {
      return false;
    }
    divergedHeights.add(height);
    divergenceCount++;
    ObserverStatus.Divergence d =
        new ObserverStatus.Divergence(
            height, mismatch.field(), mismatch.header().hex(), mismatch.computed().hex());
    if (divergences.size() < DIVERGENCES_KEPT_MAX) {
      divergences.add(d);
    }
    log.warn(
        "observer.divergence",
        Map.of(
            "height", height, "field", d.field(), "header", d.header(), "computed", d.computed()));
    return true;
  }

  /** Whether a divergence was reported at {@code height}. */
  public boolean diverged(long height) {
    return divergedHeights.contains(height);
  }

  /** A peer announced its software version for the first time, or another one than before. */
  public void onPeerVersion(String peer, String version) {
    log.info("observer.peer", Map.of("peer", peer, "version", version));
  }

  /** What was measured so far, with the node's height and its peers' versions. */
  public ObserverStatus status(long height, Map<String, String> peers) {
    Map<String, ObserverStatus.Participation> byName = new LinkedHashMap<>();
    for (Map.Entry<Address, long[]> e : participation.entrySet()) {
      long[] c = e.getValue();
      byName.put(
          validators.name(e.getKey()),
          new ObserverStatus.Participation(c[CERTIFICATES], c[SIGNED], c[MISSED]));
    }
    return new ObserverStatus(
        ObserverStatus.OBSERVER,
        height,
        blocks,
        divergences,
        divergenceCount,
        roundChanges,
        byName,
        lastIntervalMicros,
        intervals == 0 ? 0 : intervalsMicrosSum / intervals,
        proposers,
        peers);
  }
}
