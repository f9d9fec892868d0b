package io.ledgerlab.junit.campaign;

import io.ledgerlab.junit.Account;
import io.ledgerlab.junit.Network;
import io.ledgerlab.junit.NetworkException;
import io.ledgerlab.junit.Receipt;
import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.target.BlockView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** Runs one sequence of steps on a fresh network and says whether, where and how it failed. */
final class Runner<G> {
  private final Network.Builder spec;
  private final int accounts;
  private final Supplier<G> ghost;
  private final Map<String, Campaign.Weighted<G>> handlers;
  private final Map<String, Invariant<G>> invariants;
  private final int checkEveryBlocks;
  private int callsMade;

  Runner(
      Network.Builder spec,
      int accounts,
      Supplier<G> ghost,
      Map<String, Campaign.Weighted<G>> handlers,
      Map<String, Invariant<G>> invariants,
      int checkEveryBlocks) {
    this.spec = spec;
    this.accounts = accounts;
    this.ghost = ghost;
    this.handlers = handlers;
    this.invariants = invariants;
    this.checkEveryBlocks = checkEveryBlocks;
  }

  /**
   * What one sequence did.
   *
   * @param failedAt the step after which the failure showed, or -1 when it showed at the end
   * @param failed what failed: an invariant's name, {@code handler:<name>}, {@code check:<name>},
   *     or {@code network}; null when nothing did
   * @param trace each step as it ran
   * @param roots the state root of each block of the first node's chain, for determinism
   */
  record Result(
      String failed,
      int failedAt,
      String message,
      Throwable cause,
      List<String> trace,
      List<String> roots) {
    boolean passed() {
      return failed == null;
    }
  }

  int callsMade() {
    return callsMade;
  }

  Result run(List<Step> steps) {
    List<String> trace = new ArrayList<>();
    try (Network net = spec.build().start()) {
      G g = ghost.get();
      List<Account> funded = new ArrayList<>();
      for (int i = 0; i < accounts; i++) {
        funded.add(net.account(i));
      }
      Accounts acc = new Accounts(funded);
      FaultState faults = new FaultState(net);
      View view = new NetworkView(net, acc, faults);
      long checkedAt = net.height();
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        Random random = new Random(step.seed());
        try {
          if (step.handler().equals(FaultState.HANDLER)) {
            trace.add(step + " " + faults.step(random));
          } else {
            Campaign.Weighted<G> h = handlers.get(step.handler());
            if (h == null) {
              return new Result(
                  "handler:" + step.handler(),
                  i,
                  "no handler '" + step.handler() + "'",
                  null,
                  trace,
                  List.of());
            }
            Result failed = handlerStep(net, faults, h.handler(), step, g, acc, i, random, trace);
            if (failed != null) {
              return failed;
            }
          }
          if (net.height() >= checkedAt + checkEveryBlocks) {
            checkedAt = net.height();
            Result broken = checkAll(view, g, i, trace);
            if (broken != null) {
              return broken;
            }
          }
        } catch (RuntimeException e) {
          // Only the lab's own work is left here: a fault, the height, a node to ask.
          return new Result("network", i, e.toString(), e, trace, List.of());
        }
      }
      faults.healAll();
      net.awaitHeight(net.height() + 2);
      Result broken = checkAll(view, g, -1, trace);
      if (broken != null) {
        return broken;
      }
      for (CheckResult c : net.check()) {
        if (c.validity() == Validity.INVALID) {
          return new Result("check:" + c.name(), -1, c.details(), null, trace, List.of());
        }
      }
      return new Result(null, -1, null, null, trace, roots(net));
    }
  }

  /**
   * One handler's step: what the handler's code throws (in {@code next} or in its {@code after}) is
   * {@code handler:<name>}; only the call on the network, or a {@link NetworkException} however
   * raised, is {@code network}. So shrinking, which keeps a candidate only when it fails the same
   * way, never takes a handler's bug for the network's failure or the other way round.
   */
  private Result handlerStep(
      Network net,
      FaultState faults,
      Handler<G> handler,
      Step step,
      G g,
      Accounts acc,
      int i,
      Random random,
      List<String> trace) {
    Action<G> action;
    try {
      action = handler.next(random, g, acc);
    } catch (AssertionError | RuntimeException e) {
      return handlerFailed(step.handler(), i, e, trace);
    }
    trace.add(step + " " + action.describe());
    if (action instanceof Action.Call<G> call) {
      Receipt r;
      try {
        r = call(net, faults, call);
      } catch (RuntimeException e) {
        return new Result("network", i, e.toString(), e, trace, List.of());
      }
      trace.set(trace.size() - 1, trace.get(trace.size() - 1) + " -> " + outcome(r));
      try {
        call.after().accept(r, g);
      } catch (AssertionError | RuntimeException e) {
        return handlerFailed(step.handler(), i, e, trace);
      }
    }
    return null;
  }

  private static Result handlerFailed(String handler, int i, Throwable e, List<String> trace) {
    if (e instanceof NetworkException) {
      return new Result("network", i, e.toString(), e, trace, List.of());
    }
    String message = e instanceof AssertionError ? e.getMessage() : e.toString();
    return new Result("handler:" + handler, i, message, e, trace, List.of());
  }

  private Receipt call(Network net, FaultState faults, Action.Call<G> call) {
    callsMade++;
    String node = faults.healthy().get(0);
    return net.as(call.from()).via(node).call(call.chainCode(), call.method(), call.args());
  }

  private Result checkAll(View view, G g, int at, List<String> trace) {
    for (Map.Entry<String, Invariant<G>> inv : invariants.entrySet()) {
      try {
        inv.getValue().check(view, g);
      } catch (AssertionError e) {
        return new Result(inv.getKey(), at, e.getMessage(), e, trace, List.of());
      } catch (NetworkException e) {
        return new Result("network", at, e.toString(), e, trace, List.of());
      } catch (RuntimeException e) {
        // The invariant's own code broke: its name, as a failed assertion would.
        return new Result(inv.getKey(), at, e.toString(), e, trace, List.of());
      }
    }
    return null;
  }

  private static String outcome(Receipt r) {
    return r.ok() ? "ok" : r.errorCode();
  }

  private static List<String> roots(Network net) {
    List<String> out = new ArrayList<>();
    try {
      for (BlockView b : net.client(net.nodes().get(0)).readChain()) {
        out.add(b.height() + ":" + b.stateRoot());
      }
    } catch (io.ledgerlab.lab.target.ClientException e) {
      throw new IllegalStateException(
          "cannot read the chain for its state roots: " + e.getMessage(), e);
    }
    return out;
  }

  /** Invariants read from a node that is up and connected. */
  private record NetworkView(Network net, Accounts accounts, FaultState faults) implements View {
    @Override
    public Receipt query(String chainCode, String method, byte[] args) {
      return net.query(faults.healthy().get(0), chainCode, method, args);
    }

    @Override
    public long balance(Account account) {
      return net.balance(account);
    }

    @Override
    public long height() {
      return net.height();
    }
  }
}
