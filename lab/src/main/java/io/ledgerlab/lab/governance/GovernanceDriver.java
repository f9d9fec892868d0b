package io.ledgerlab.lab.governance;

import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Governance;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.runtime.log.EventLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Drives a scenario's governance on time, as the fault driver drives its faults: at each step the
 * lab's first operator proposes the install, and once a node holds the proposal the next operators
 * approve it. Every wait is a task on the run's timeline, so the same code runs in virtual and real
 * time, on every engine; a step that cannot go on is told on the console and in the notes, and the
 * run goes on.
 */
public final class GovernanceDriver {
  /** How often a step looks whether its proposal has committed. */
  static final long POLL_MICROS = 250_000;

  /** How many looks before a step gives up: a minute. */
  static final int POLLS_MAX = 240;

  private final Governance governance;
  private final List<ChainClient> clients;
  private final Timeline timeline;
  private final Consumer<String> console;
  private final EventLog labLog;
  private final List<String> failures = new ArrayList<>();
  private final Map<Long, GovernanceStep> proposed = new LinkedHashMap<>();

  /** What each proposal installs, as the lab proposed it: approvals are for exactly this. */
  private final Map<Long, Governance.Install> installs = new LinkedHashMap<>();

  private final List<Timeline.Cancellable> pending = new ArrayList<>();
  private long lastId;
  private boolean stopped;

  /**
   * @param clients the clients to send through, tried in order (the honest nodes')
   */
  public GovernanceDriver(
      Governance governance,
      List<ChainClient> clients,
      Timeline timeline,
      Consumer<String> console,
      EventLog labLog) {
    this.governance = governance;
    this.clients = List.copyOf(clients);
    this.timeline = timeline;
    this.console = console;
    this.labLog = labLog;
  }

  /** Schedules {@code steps}, whose times count from {@code loadStartMicros}. */
  public synchronized void schedule(List<GovernanceStep> steps, long loadStartMicros) {
    for (GovernanceStep step : steps) {
      pending.add(timeline.at(loadStartMicros + step.atMicros(), () -> propose(step)));
    }
  }

  private void propose(GovernanceStep step) {
    synchronized (this) {
      if (stopped) {
        return;
      }
    }
    for (ChainClient client : clients) {
      try {
        long head = client.head().height();
        long id;
        synchronized (this) {
          id = Math.max(lastId, governance.proposalCount(client)) + 1;
        }
        long activation = step.activationHeight(head);
        Governance.Install install =
            new Governance.Install(step.chainCode(), step.version(), step.sha256(), activation);
        SignedTx tx = governance.propose(client, 0, id, install, activation - 1);
        Submitted answer = client.submit(List.of(tx)).get(0);
        if (!answer.accepted()) {
          fail(step, "proposal " + id + " refused: " + answer.reason() + ": " + answer.detail());
          return;
        }
        synchronized (this) {
          lastId = id;
          proposed.put(id, step);
          installs.put(id, install);
        }
        say("proposed " + id + ": " + step.describe() + " = height " + activation);
        labLog.info(
            "lab.governance.proposed",
            Map.of(
                "id",
                id,
                "chainCode",
                step.chainCode(),
                "version",
                step.version(),
                "sha256",
                step.sha256(),
                "activationHeight",
                activation,
                "approvals",
                step.approvals()));
        if (step.approvals() > 1) {
          awaitThenApprove(step, id, 0);
        }
        return;
      } catch (ClientException e) {
        // This node cannot take it now (down, partitioned): the next one may.
      }
    }
    fail(step, "no node took the proposal");
  }

  /** Once a node holds proposal {@code id}, the next operators approve it. */
  private void awaitThenApprove(GovernanceStep step, long id, int polls) {
    synchronized (this) {
      if (stopped) {
        return;
      }
      if (polls >= POLLS_MAX) {
        fail(step, "proposal " + id + " was not committed within a minute");
        return;
      }
      pending.add(
          timeline.at(
              timeline.nowMicros() + POLL_MICROS,
              () -> {
                if (!approveIfHeld(step, id)) {
                  awaitThenApprove(step, id, polls + 1);
                }
              }));
    }
  }

  private boolean approveIfHeld(GovernanceStep step, long id) {
    for (ChainClient client : clients) {
      try {
        Optional<Governance.ProposalView> view = governance.proposal(client, id);
        if (view.isEmpty()) {
          continue;
        }
        List<SignedTx> approvals = new ArrayList<>();
        for (int operator = 1; operator < step.approvals(); operator++) {
          Governance.Install meant;
          synchronized (this) {
            meant = installs.get(id);
          }
          approvals.add(
              governance.approve(client, operator, id, meant, meant.activationHeight() - 1));
        }
        List<Submitted> answers = approvals.isEmpty() ? List.of() : client.submit(approvals);
        int accepted = 0;
        for (Submitted a : answers) {
          if (a.accepted()) {
            accepted++;
          } else {
            fail(
                step,
                "an approval of proposal " + id + " refused: " + a.reason() + ": " + a.detail());
          }
        }
        say(
            "approved "
                + id
                + " by "
                + (accepted + 1)
                + " of "
                + governance.operators()
                + " operators");
        labLog.info("lab.governance.approved", Map.of("id", id, "approvals", accepted + 1));
        return true;
      } catch (ClientException e) {
        // Try the next node.
      }
    }
    return false;
  }

  /** Calls off what has not run yet; the proposals already sent stand. */
  public synchronized void stop() {
    stopped = true;
    pending.forEach(Timeline.Cancellable::cancel);
    pending.clear();
  }

  /**
   * Where each proposal the lab made stands at the end, as the first node that answers sees it:
   * "governance proposal 1 (counter version 2, activation height 31): active, approved by op0,
   * op1".
   */
  public List<String> outcomes() {
    List<String> out = new ArrayList<>();
    Map<Long, GovernanceStep> made;
    synchronized (this) {
      made = new LinkedHashMap<>(proposed);
    }
    for (Map.Entry<Long, GovernanceStep> e : made.entrySet()) {
      out.add(outcome(e.getKey(), e.getValue()));
    }
    synchronized (this) {
      out.addAll(failures);
    }
    return out;
  }

  private String outcome(long id, GovernanceStep step) {
    for (ChainClient client : clients) {
      try {
        Optional<Governance.ProposalView> view = governance.proposal(client, id);
        if (view.isPresent()) {
          Governance.ProposalView v = view.get();
          return "governance proposal "
              + id
              + " ("
              + v.chainCode()
              + " version "
              + v.version()
              + ", activation height "
              + v.activationHeight()
              + "): "
              + v.state()
              + ", approved by "
              + String.join(", ", v.approvers());
        }
      } catch (ClientException e) {
        // Ask the next node.
      }
    }
    return "governance proposal " + id + " (" + step.describe() + "): no node answered for it";
  }

  private synchronized void fail(GovernanceStep step, String why) {
    String line = "governance step " + step.source() + " (" + step.describe() + "): " + why;
    failures.add(line);
    say(line);
    labLog.warn("lab.governance.failed", Map.of("step", step.source(), "reason", why));
  }

  private void say(String what) {
    console.accept(String.format(Locale.ROOT, "[%.1fs] %s", timeline.nowMicros() / 1e6, what));
  }
}
