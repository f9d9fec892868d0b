package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.chaincode.Event;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.gov.Approve;
import io.ledgerlab.ledger.gov.Install;
import io.ledgerlab.ledger.gov.ProposalRecord;
import io.ledgerlab.ledger.gov.ProposalStatus;
import io.ledgerlab.ledger.gov.Propose;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.WorkingState;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import io.ledgerlab.runtime.disk.Keys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * M-of-N governance of chain-code upgrades. An operator proposes an install (chain code, version,
 * jar hash, activation height) under the next proposal number; operators approve it by its number
 * and content hash; the approval that reaches the genesis threshold schedules the upgrade, and at
 * its height every node switches. Every rule is checked before anything is written, so a rejected
 * action changes nothing — it never enters a block — and an accepted one always succeeds.
 */
public final class Governance {
  /** The source of the events governance adds to receipts. */
  public static final String EVENT_SOURCE = "governance";

  /**
   * How far ahead of the block that proposes it an activation height must be: time for operators to
   * approve and for nodes to get the jar.
   */
  public static final long ACTIVATION_LEAD_BLOCKS_MIN = 2;

  private static final Set<String> BUILT_INS = Set.of("token", "kv");

  private final String chainId;
  private final Genesis.Operators operators;
  private final Set<String> genesisVersions = new HashSet<>();
  private final List<Genesis.ScheduledUpgrade> genesisUpgrades;

  public Governance(Genesis genesis) {
    this.chainId = genesis.chainId();
    this.operators = genesis.operators();
    this.genesisUpgrades = genesis.upgrades();
    genesis.chainCodes().forEach((name, version) -> genesisVersions.add(name + "@" + version));
    genesis.upgrades().forEach(u -> genesisVersions.add(u.chainCode() + "@" + u.version()));
    genesis.jars().forEach(j -> genesisVersions.add(j.name() + "@" + j.version()));
  }

  public Genesis.Operators operators() {
    return operators;
  }

  // ---- Checks ----------------------------------------------------------------------------------

  /**
   * Every rule of {@code action} sent by {@code tx} in block {@code height}, against {@code state}.
   */
  TxCheck check(Transaction tx, Payload.Governance action, StateReader state, long height) {
    int operator = operators.indexOf(tx.sender());
    if (operator < 0) {
      return TxCheck.rejected(
          RejectReason.NOT_OPERATOR,
          operators.isEmpty()
              ? "this chain has no operators: its genesis names none"
              : tx.senderAddress()
                  + " is not one of the "
                  + operators.keys().size()
                  + " operators");
    }
    try {
      return switch (action.action()) {
        case Propose.ACTION -> checkPropose(Propose.decode(action.body()), state, height);
        case Approve.ACTION -> checkApprove(Approve.decode(action.body()), operator, state, height);
        default ->
            TxCheck.rejected(
                RejectReason.UNKNOWN_ACTION,
                "no governance action '"
                    + action.action()
                    + "'; known: "
                    + Propose.ACTION
                    + ", "
                    + Approve.ACTION);
      };
    } catch (DecodeException e) {
      return TxCheck.rejected(RejectReason.BAD_BODY, action.action() + " body: " + e.getMessage());
    }
  }

  private TxCheck checkPropose(Propose p, StateReader state, long height) {
    long next = proposalCount(state) + 1;
    if (p.id() != next) {
      return TxCheck.rejected(
          RejectReason.WRONG_SEQUENCE,
          "proposal id " + p.id() + "; the next proposal on this chain is " + next);
    }
    Install in = p.install();
    if (BUILT_INS.contains(in.chainCode())) {
      return TxCheck.rejected(
          RejectReason.BAD_BODY,
          "'" + in.chainCode() + "' is built into every node; governance installs user jars");
    }
    if (genesisVersions.contains(in.chainCode() + "@" + in.version())) {
      return TxCheck.rejected(
          RejectReason.BAD_BODY,
          in.chainCode() + " version " + in.version() + " is named by the genesis already");
    }
    if (p.expiryHeight() < height) {
      return TxCheck.rejected(
          RejectReason.EXPIRED,
          "expiry height " + p.expiryHeight() + " is below this block's height " + height);
    }
    if (in.activationHeight() < height + ACTIVATION_LEAD_BLOCKS_MIN) {
      return TxCheck.rejected(
          RejectReason.TOO_LATE,
          "activation height "
              + in.activationHeight()
              + " must be at least "
              + ACTIVATION_LEAD_BLOCKS_MIN
              + " above this block's height "
              + height);
    }
    if (p.expiryHeight() >= in.activationHeight()) {
      return TxCheck.rejected(
          RejectReason.BAD_BODY,
          "expiry height "
              + p.expiryHeight()
              + " must be below the activation height "
              + in.activationHeight());
    }
    // Checked now as well as at the threshold: a proposal that clashes already never helps.
    return conflict(in, state, height);
  }

  private TxCheck checkApprove(Approve a, int operator, StateReader state, long height) {
    Optional<ProposalRecord> found = record(state, a.id());
    if (found.isEmpty()) {
      return TxCheck.rejected(
          RejectReason.UNKNOWN_PROPOSAL,
          "no proposal " + a.id() + "; " + proposalCount(state) + " made so far");
    }
    ProposalRecord r = found.get();
    if (!r.contentHash().equals(a.contentHash())) {
      return TxCheck.rejected(
          RejectReason.CONTENT_MISMATCH,
          "proposal "
              + a.id()
              + " has content hash "
              + r.contentHash().hex()
              + ", the approval names "
              + a.contentHash().hex());
    }
    if (r.scheduled()) {
      return TxCheck.rejected(
          RejectReason.ALREADY_SCHEDULED,
          "proposal " + a.id() + " reached its threshold and is scheduled already");
    }
    if (height > r.propose().expiryHeight()) {
      return TxCheck.rejected(
          RejectReason.EXPIRED,
          "proposal "
              + a.id()
              + " expired at height "
              + r.propose().expiryHeight()
              + "; this block is "
              + height);
    }
    if (r.approvedBy(operator)) {
      return TxCheck.rejected(
          RejectReason.ALREADY_APPROVED,
          operators.keys().get(operator).name() + " approved proposal " + a.id() + " already");
    }
    if (r.approvalCount() + 1 < operators.threshold()) {
      return TxCheck.ok();
    }
    Install in = r.propose().install();
    if (in.activationHeight() <= height) {
      return TxCheck.rejected(
          RejectReason.TOO_LATE,
          "activation height " + in.activationHeight() + " has come; this block is " + height);
    }
    return conflict(in, state, height);
  }

  /** What would make scheduling {@code in} now wrong: a version going back, or a clash. */
  private TxCheck conflict(Install in, StateReader state, long height) {
    int inForce = Versions.inForce(state, in.chainCode());
    // One upgrade of a chain code pending at a time: a second, even to a higher version, could
    // activate before the first and be undone by it at the first's height — a downgrade.
    Optional<String> pending = pending(in.chainCode(), inForce, state, height);
    if (pending.isPresent()) {
      return TxCheck.rejected(
          RejectReason.CONFLICT, pending.get() + "; propose the next install once it is in force");
    }
    if (in.version() <= inForce) {
      return TxCheck.rejected(
          RejectReason.CONFLICT,
          in.chainCode()
              + " is at version "
              + inForce
              + "; an install must raise it, got "
              + in.version());
    }
    if (state.get(StateKeys.installedCode(in.chainCode(), in.version())) != null) {
      return TxCheck.rejected(
          RejectReason.CONFLICT,
          in.chainCode() + " version " + in.version() + " was installed by an earlier proposal");
    }
    byte[] installs = StateKeys.installedCodes();
    if (state.scan(installs, Keys.prefixEnd(installs), Codes.INSTALLS_MAX).size()
        >= Codes.INSTALLS_MAX) {
      return TxCheck.rejected(
          RejectReason.CONFLICT,
          "this chain made its " + Codes.INSTALLS_MAX + " governance installs, the most it allows");
    }
    if (state.get(StateKeys.upgrade(in.activationHeight(), in.chainCode())) != null) {
      return TxCheck.rejected(
          RejectReason.CONFLICT,
          "an upgrade of "
              + in.chainCode()
              + " is scheduled at height "
              + in.activationHeight()
              + " already");
    }
    return TxCheck.ok();
  }

  /**
   * An upgrade of {@code name} scheduled but not yet in force, in words: one governance installed
   * above the version in force, or one the genesis schedules above this block.
   */
  private Optional<String> pending(String name, int inForce, StateReader state, long height) {
    byte[] prefix = StateKeys.installedCodesOf(name);
    for (Map.Entry<io.ledgerlab.ledger.codec.Bytes, byte[]> e :
        state.scan(prefix, Keys.prefixEnd(prefix), Codes.INSTALLS_MAX)) {
      byte[] key = e.getKey().toArray();
      if (key.length != prefix.length + 4) {
        continue;
      }
      int v = 0;
      for (int i = prefix.length; i < key.length; i++) {
        v = v << 8 | (key[i] & 0xff);
      }
      if (v > inForce) {
        return Optional.of(name + " version " + v + " is installed and not yet in force");
      }
    }
    for (Genesis.ScheduledUpgrade u : genesisUpgrades) {
      if (u.chainCode().equals(name) && u.height() > height) {
        return Optional.of(
            "the genesis schedules "
                + name
                + " version "
                + u.version()
                + " at height "
                + u.height());
      }
    }
    return Optional.empty();
  }

  // ---- Effects ---------------------------------------------------------------------------------

  /**
   * Applies a checked action: records the proposal or the approval and, at the threshold, schedules
   * the upgrade. Returns the events for the receipt.
   */
  List<Event> apply(Transaction tx, Payload.Governance action, WorkingState state, long height) {
    int operator = operators.indexOf(tx.sender());
    List<Event> events = new ArrayList<>();
    try {
      ProposalRecord r;
      if (action.action().equals(Propose.ACTION)) {
        Propose p = Propose.decode(action.body());
        state.put(StateKeys.proposalCount(), new Encoder(8).u64(p.id()).toByteArray());
        r = new ProposalRecord(p, p.contentHash(chainId), 0, false).withApproval(operator);
        Install in = p.install();
        events.add(
            event(
                "proposed",
                Map.of(
                    "id", Long.toString(p.id()),
                    "chainCode", in.chainCode(),
                    "version", Integer.toString(in.version()),
                    "sha256", in.sha256(),
                    "activationHeight", Long.toString(in.activationHeight()),
                    "expiryHeight", Long.toString(p.expiryHeight()),
                    "contentHash", r.contentHash().hex(),
                    "operator", operators.keys().get(operator).name())));
      } else {
        Approve a = Approve.decode(action.body());
        r = record(state, a.id()).orElseThrow().withApproval(operator);
        events.add(
            event(
                "approved",
                Map.of(
                    "id", Long.toString(a.id()),
                    "operator", operators.keys().get(operator).name(),
                    "approvals", Integer.toString(r.approvalCount()))));
      }
      if (r.approvalCount() >= operators.threshold()) {
        r = schedule(r, state, events);
      }
      state.put(StateKeys.proposal(r.propose().id()), r.encode());
      return events;
    } catch (DecodeException e) {
      throw new IllegalStateException("a checked governance body no longer decodes", e);
    }
  }

  private static ProposalRecord schedule(ProposalRecord r, WorkingState state, List<Event> events) {
    Install in = r.propose().install();
    Versions.schedule(state, in.activationHeight(), in.chainCode(), in.version());
    state.put(StateKeys.installedCode(in.chainCode(), in.version()), Hex.decode(in.sha256()));
    events.add(
        event(
            "scheduled",
            Map.of(
                "id", Long.toString(r.propose().id()),
                "chainCode", in.chainCode(),
                "version", Integer.toString(in.version()),
                "sha256", in.sha256(),
                "activationHeight", Long.toString(in.activationHeight()))));
    return r.asScheduled();
  }

  private static Event event(String type, Map<String, String> attributes) {
    return new Event(EVENT_SOURCE, type, new java.util.TreeMap<>(attributes));
  }

  // ---- Reads -----------------------------------------------------------------------------------

  /** How many proposals were made so far; the next one's id is this plus one. */
  public static long proposalCount(StateReader state) {
    byte[] v = state.get(StateKeys.proposalCount());
    if (v == null) {
      return 0;
    }
    if (v.length != 8) {
      throw new CorruptStateException("proposal count has " + v.length + " bytes", null);
    }
    long n = 0;
    for (byte b : v) {
      n = n << 8 | (b & 0xff);
    }
    return n;
  }

  static Optional<ProposalRecord> record(StateReader state, long id) {
    byte[] v = state.get(StateKeys.proposal(id));
    return v == null ? Optional.empty() : Optional.of(ProposalRecord.decode(v));
  }

  /** Proposal {@code id} as it stands once block {@code height} is committed. */
  public Optional<ProposalStatus> status(StateReader state, long id, long height) {
    return record(state, id)
        .map(
            r -> {
              String s;
              if (r.scheduled()) {
                s =
                    height >= r.propose().install().activationHeight()
                        ? ProposalStatus.ACTIVE
                        : ProposalStatus.SCHEDULED;
              } else {
                s =
                    height >= r.propose().expiryHeight()
                        ? ProposalStatus.EXPIRED
                        : ProposalStatus.PENDING;
              }
              List<String> approvers = new ArrayList<>();
              for (int i = 0; i < operators.keys().size(); i++) {
                if (r.approvedBy(i)) {
                  approvers.add(operators.keys().get(i).name());
                }
              }
              return new ProposalStatus(
                  id,
                  s,
                  r.propose().install(),
                  r.propose().expiryHeight(),
                  r.contentHash().hex(),
                  approvers,
                  operators.threshold());
            });
  }
}
